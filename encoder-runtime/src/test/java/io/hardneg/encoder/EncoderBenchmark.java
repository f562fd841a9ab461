package io.hardneg.encoder;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Windows per second through the default built-in encoder (4 channels x 64 steps) on the CPU with
 * one intra-op thread. The primary score counts batches; the {@code windows} secondary score is the
 * one to quote. Run with {@code ./mvnw -B -pl encoder-runtime -Pbench test-compile exec:exec} (see
 * {@code BENCHMARKS.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncoderBenchmark {

    private static final int CHANNELS = 4;
    private static final int LENGTH = 64;

    @Param({"1", "32", "256"})
    public int batch;

    private OnnxWindowEncoder encoder;
    private float[][] windows;

    /** Windows embedded, reported by JMH as a rate next to the batch rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long windows;
    }

    @Setup(Level.Trial)
    public void open() throws EncoderException {
        encoder =
                OnnxWindowEncoder.open(
                        EncoderModel.builtin(CHANNELS, LENGTH),
                        CHANNELS,
                        LENGTH,
                        new EncoderOptions("cpu", 1, 1));
        windows = TestWindows.random(batch, CHANNELS, LENGTH, 17L);
    }

    @TearDown(Level.Trial)
    public void close() {
        encoder.close();
    }

    @Benchmark
    public float[][] embed(Counters counters) throws EncoderException {
        counters.windows += batch;
        return encoder.embed(windows, batch);
    }
}
