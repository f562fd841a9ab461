package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.mining.MiningParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MiningFunction} on its own: the results depend on the windows only, not on the order they
 * arrive in, on how the watermark advances, or on a restore from a snapshot in the middle.
 */
class MiningFunctionDeterminismTest {
    private static final List<String> SYMBOLS = List.of("AAA", "BBB", "CCC", "DDD");
    private static final int STEPS = 10;
    private static final int DIM = 8;
    private static final int STRIDE = 8;
    private static final long START = 1_451_606_400_000L; // 2016-01-01T00:00:00Z
    private static final long DAY = 86_400_000L;

    private static final MiningParams PARAMS =
            MiningParams.builder()
                    .topK(3)
                    .semiHardCount(2)
                    .semiHardMargin(0.5f)
                    .temperature(0.1f)
                    .exclusionRadius(2 * STRIDE)
                    .positiveLag(STRIDE)
                    .randomCount(1)
                    .randomSeed(7)
                    .syntheticCount(1)
                    .build();

    private static long endTime(int step) {
        return START + step * DAY;
    }

    /** The windows of one step, one per symbol, in symbol order; embeddings seeded per window. */
    private static List<EmbeddedWindow> step(int step) {
        List<EmbeddedWindow> windows = new ArrayList<>();
        for (int s = 0; s < SYMBOLS.size(); s++) {
            Random random = new Random(1000L * step + s);
            float[] v = new float[DIM];
            double norm = 0;
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) random.nextGaussian();
                norm += (double) v[d] * v[d];
            }
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) (v[d] / Math.sqrt(norm));
            }
            EmbeddedWindow w = new EmbeddedWindow();
            w.symbol = SYMBOLS.get(s);
            w.endTime = endTime(step);
            w.startTime = w.endTime - 63 * DAY;
            w.barIndex = 63 + (long) STRIDE * step;
            w.embedding = v;
            w.modelVersion = "test-model@0";
            windows.add(w);
        }
        return windows;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EmbeddedWindow, KeyedJson>
            harness() throws Exception {
        return harness("hashmap");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EmbeddedWindow, KeyedJson>
            harness(String backend) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MiningOperator(new MiningFunction(PARAMS, 64, DIM)),
                        (EmbeddedWindow w) -> "global",
                        Types.STRING);
        if (backend.equals("rocksdb")) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return h;
    }

    private static List<String> json(List<KeyedJson> out) {
        return out.stream().map(KeyedJson::json).toList();
    }

    /** Steps in time order, symbols in order, the watermark advanced after every step. */
    private static List<String> inTimeOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < STEPS; i++) {
                for (EmbeddedWindow w : step(i)) {
                    h.processElement(w, w.endTime);
                }
                h.processWatermark(endTime(i));
            }
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.getSideOutput(AnchorStats.TAG)).hasSize(STEPS * SYMBOLS.size());
            return json(h.extractOutputValues());
        }
    }

    @Test
    void shuffledArrivalWithinTheOutOfOrdernessGivesTheSameResultsInTheSameOrder()
            throws Exception {
        List<String> expected = inTimeOrder();

        // Chunks of three steps, each shuffled, the watermark advanced only at a chunk's end: a
        // window arrives up to two steps late, always before the watermark passes it.
        List<String> shuffled;
        Random random = new Random(42);
        try (var h = harness()) {
            h.open();
            for (int first = 0; first < STEPS; first += 3) {
                List<EmbeddedWindow> chunk = new ArrayList<>();
                int last = Math.min(first + 3, STEPS) - 1;
                for (int i = first; i <= last; i++) {
                    chunk.addAll(step(i));
                }
                Collections.shuffle(chunk, random);
                for (EmbeddedWindow w : chunk) {
                    h.processElement(w, w.endTime);
                }
                h.processWatermark(endTime(last));
            }
            h.processWatermark(Long.MAX_VALUE);
            shuffled = json(h.extractOutputValues());
        }

        assertThat(expected).hasSize(STEPS * SYMBOLS.size());
        assertThat(shuffled).containsExactlyElementsOf(expected);
        // The results are mined in (end time, symbol) order and carry real training signal.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            for (String symbol : SYMBOLS) {
                ids.add("\"id\":\"" + ResultJson.windowId(symbol, endTime(i)) + "\"");
            }
        }
        for (int n = 0; n < expected.size(); n++) {
            assertThat(expected.get(n)).contains("\"anchor\":{" + ids.get(n));
        }
        assertThat(expected.get(expected.size() - 1))
                .contains("\"kind\":\"hard\"", "\"kind\":\"semi-hard\"", "\"kind\":\"random\"")
                .contains("\"kind\":\"synthetic\"")
                .doesNotContain("\"loss\":null");
        assertThat(expected.get(0)).contains("\"positive\":null", "\"negatives\":[]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void restoringFromASnapshotMidStreamGivesTheSameResultsAsAnUninterruptedRun(String backend)
            throws Exception {
        List<String> expected = inTimeOrder();

        List<String> restored = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(backend)) {
            h.open();
            for (int i = 0; i < 5; i++) {
                for (EmbeddedWindow w : step(i)) {
                    h.processElement(w, w.endTime);
                }
                h.processWatermark(endTime(i));
            }
            // Step 5 is still pending (the watermark has not passed it) when the barrier comes:
            // its anchors are on the heap and reach keyed state only before the barrier.
            for (EmbeddedWindow w : step(5)) {
                h.processElement(w, w.endTime);
            }
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, endTime(5));
            // After the snapshot: must not reach it through a list the backend kept.
            h.processElement(step(6).get(0), endTime(6));
            restored.addAll(json(h.extractOutputValues()));
        }
        assertThat(restored).hasSize(5 * SYMBOLS.size());

        try (var h = harness(backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processWatermark(endTime(5));
            for (int i = 6; i < STEPS; i++) {
                for (EmbeddedWindow w : step(i)) {
                    h.processElement(w, w.endTime);
                }
                h.processWatermark(endTime(i));
            }
            h.processWatermark(Long.MAX_VALUE);
            restored.addAll(json(h.extractOutputValues()));
        }

        assertThat(restored).containsExactlyElementsOf(expected);
    }
}
