package io.hardneg.encoder;

import java.util.Arrays;
import java.util.Locale;

/**
 * Embeds the same 4096 seeded windows with the default encoder on CUDA and on CPU, prints the
 * largest absolute difference and the throughput of each at batch 256, 1024 and 4096. Run by {@code
 * scripts/gpu-check.sh}; needs the {@code gpu} Maven profile and an NVIDIA GPU.
 */
public final class GpuCheck {

    private static final int CHANNELS = 4;
    private static final int LENGTH = 64;
    private static final int WINDOWS = 4096;
    private static final int[] BATCHES = {256, 1024, 4096};
    private static final long MEASURE_NANOS = 2_000_000_000L;

    private GpuCheck() {}

    public static void main(String[] args) throws EncoderException {
        EncoderModel model = EncoderModel.builtin(CHANNELS, LENGTH);
        float[][] windows = TestWindows.random(WINDOWS, CHANNELS, LENGTH, 4096L);
        int cpuThreads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "model %s, %d windows%n", model.version(), WINDOWS);

        try (OnnxWindowEncoder cuda =
                        OnnxWindowEncoder.open(
                                model, CHANNELS, LENGTH, new EncoderOptions("cuda", 1, 1));
                OnnxWindowEncoder cpu =
                        OnnxWindowEncoder.open(
                                model,
                                CHANNELS,
                                LENGTH,
                                new EncoderOptions("cpu", cpuThreads, 1))) {
            float[][] onCuda = cuda.embed(windows, WINDOWS);
            float[][] onCpu = cpu.embed(windows, WINDOWS);
            double maxDiff = 0;
            for (int i = 0; i < WINDOWS; i++) {
                for (int d = 0; d < onCpu[i].length; d++) {
                    maxDiff = Math.max(maxDiff, Math.abs(onCuda[i][d] - onCpu[i][d]));
                }
            }
            System.out.printf(Locale.ROOT, "max |cuda - cpu| = %.3g%n", maxDiff);

            for (int batch : BATCHES) {
                System.out.printf(
                        Locale.ROOT,
                        "batch %4d: %s %,12.0f windows/s   cpu (%d threads) %,12.0f windows/s%n",
                        batch,
                        cuda.device(),
                        throughput(cuda, windows, batch),
                        cpuThreads,
                        throughput(cpu, windows, batch));
            }
        }
    }

    private static double throughput(OnnxWindowEncoder encoder, float[][] windows, int batch)
            throws EncoderException {
        float[][] slice = Arrays.copyOf(windows, batch);
        for (int i = 0; i < 10; i++) {
            encoder.embed(slice, batch);
        }
        long embedded = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            encoder.embed(slice, batch);
            embedded += batch;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_NANOS);
        return embedded * 1e9 / elapsed;
    }
}
