package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedEncodersTest {

    private static final EncoderOptions CPU = new EncoderOptions("cpu", 1, 1);
    private static final EncoderModel MODEL = EncoderModel.builtin(4, 16);

    @AfterEach
    void nothingStaysOpen() {
        assertThat(SharedEncoders.openCount()).isZero();
    }

    @Test
    void twoLeasesShareOneEncoderAndTheLastCloseClosesIt() throws Exception {
        SharedEncoders.Lease first = SharedEncoders.acquire(MODEL, 4, 16, CPU);
        SharedEncoders.Lease second =
                SharedEncoders.acquire(EncoderModel.builtin(4, 16), 4, 16, CPU);
        OnnxWindowEncoder encoder = first.encoder();

        assertThat(second.encoder()).isSameAs(encoder);
        assertThat(SharedEncoders.openCount()).isEqualTo(1);

        first.close();
        first.close(); // idempotent: must not release the second lease's hold
        assertThat(second.encoder().embed(TestWindows.random(1, 4, 16, 1L), 1)).hasNumberOfRows(1);

        second.close();
        assertThatThrownBy(() -> encoder.embed(TestWindows.random(1, 4, 16, 1L), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(second::encoder)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lease on encoder builtin-cnn@");

        try (SharedEncoders.Lease third = SharedEncoders.acquire(MODEL, 4, 16, CPU)) {
            assertThat(third.encoder()).isNotSameAs(encoder);
            assertThat(third.encoder().embed(TestWindows.random(1, 4, 16, 1L), 1))
                    .hasNumberOfRows(1);
        }
    }

    @Test
    void differentThreadsOrShapesGetDifferentEncoders() throws Exception {
        try (SharedEncoders.Lease one = SharedEncoders.acquire(MODEL, 4, 16, CPU);
                SharedEncoders.Lease twoThreads =
                        SharedEncoders.acquire(MODEL, 4, 16, new EncoderOptions("cpu", 2, 1));
                SharedEncoders.Lease otherModel =
                        SharedEncoders.acquire(EncoderModel.builtin(4, 8), 4, 8, CPU)) {
            assertThat(twoThreads.encoder()).isNotSameAs(one.encoder());
            assertThat(otherModel.encoder()).isNotSameAs(one.encoder());
            assertThat(SharedEncoders.openCount()).isEqualTo(3);
        }
    }

    @Test
    void failedOpenLeavesNothingOpen() {
        assertThatThrownBy(() -> SharedEncoders.acquire(MODEL, 3, 16, CPU))
                .isInstanceOf(EncoderException.class);
    }

    @Test
    void concurrentAcquiresShareOneEncoder() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SharedEncoders.Lease>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Callable<SharedEncoders.Lease> acquire =
                        () -> {
                            start.await();
                            return SharedEncoders.acquire(MODEL, 4, 16, CPU);
                        };
                futures.add(pool.submit(acquire));
            }
            start.countDown();
            List<SharedEncoders.Lease> leases = new ArrayList<>();
            for (Future<SharedEncoders.Lease> f : futures) {
                leases.add(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(leases)
                    .extracting(SharedEncoders.Lease::encoder)
                    .containsOnly(leases.get(0).encoder());
            assertThat(SharedEncoders.openCount()).isEqualTo(1);
            for (SharedEncoders.Lease lease : leases) {
                lease.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
