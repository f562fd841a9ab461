package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How spread out the built-in encoder's cosine similarities are on real market windows: 64-bar
 * windows every 8 bars from the 30 S&amp;P 500 sample files. Prints the figures quoted in {@code
 * BENCHMARKS.md}; skipped when the sample directory is absent.
 */
class BuiltinEncoderSimilarityTest {

    private static final int LENGTH = 64;
    private static final int STRIDE = 8;
    private static final int RANDOM_PAIRS = 20_000;

    @Test
    void calibratedEncoderSpreadsUnrelatedWindowsAndKeepsNeighboursCloser() throws Exception {
        assumeTrue(
                Files.isDirectory(SampleMarketWindows.SAMPLE_DIR),
                "sample data not found at " + SampleMarketWindows.SAMPLE_DIR.toAbsolutePath());
        List<SampleMarketWindows.Window> windows =
                SampleMarketWindows.load(SampleMarketWindows.SAMPLE_DIR, LENGTH, STRIDE);
        assertThat(windows).hasSizeGreaterThan(1000);

        Similarities raw =
                measure(
                        EncoderModel.fromBytes(
                                "raw",
                                BuiltinEncoder.build(
                                        SampleMarketWindows.CHANNELS,
                                        LENGTH,
                                        BuiltinEncoder.DEFAULT_SEED,
                                        false)),
                        windows);
        Similarities calibrated =
                measure(EncoderModel.builtin(SampleMarketWindows.CHANNELS, LENGTH), windows);
        System.out.printf(
                Locale.ROOT,
                "%d windows%nuncalibrated %s%ncalibrated   %s%n",
                windows.size(),
                raw,
                calibrated);

        assertThat(raw.randomPairs.median()).isGreaterThan(0.9);
        assertThat(calibrated.randomPairs.median()).isLessThan(0.9);
        assertThat(calibrated.sameSymbolLag8.median())
                .isGreaterThan(calibrated.randomPairs.median());
    }

    private static Similarities measure(
            EncoderModel model, List<SampleMarketWindows.Window> windows) throws EncoderException {
        float[][] inputs = new float[windows.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = windows.get(i).values();
        }
        float[][] embeddings;
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(
                        model,
                        SampleMarketWindows.CHANNELS,
                        LENGTH,
                        new EncoderOptions("cpu", 1, 1))) {
            embeddings = encoder.embed(inputs, inputs.length);
        }
        for (float[] e : embeddings) {
            Embeddings.normalizeInPlace(e);
        }

        List<Double> lag = new ArrayList<>();
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).symbol().equals(windows.get(i - 1).symbol())) {
                lag.add((double) Embeddings.dot(embeddings[i], embeddings[i - 1]));
            }
        }
        SplittableRandom random = new SplittableRandom(42L);
        double[] pairs = new double[RANDOM_PAIRS];
        for (int n = 0; n < RANDOM_PAIRS; ) {
            int a = random.nextInt(windows.size());
            int b = random.nextInt(windows.size());
            if (!windows.get(a).symbol().equals(windows.get(b).symbol())) {
                pairs[n++] = Embeddings.dot(embeddings[a], embeddings[b]);
            }
        }
        return new Similarities(
                Distribution.of(pairs),
                Distribution.of(lag.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private record Similarities(Distribution randomPairs, Distribution sameSymbolLag8) {
        @Override
        public String toString() {
            return "random pairs of different symbols: "
                    + randomPairs
                    + " | same symbol, lag 8: "
                    + sameSymbolLag8;
        }
    }

    private record Distribution(double[] sorted) {
        static Distribution of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Distribution(sorted);
        }

        double quantile(double q) {
            return sorted[(int) Math.round(q * (sorted.length - 1))];
        }

        double median() {
            return quantile(0.5);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "n=%d min %.3f p5 %.3f p50 %.3f p95 %.3f max %.3f mean %.3f",
                    sorted.length,
                    sorted[0],
                    quantile(0.05),
                    median(),
                    quantile(0.95),
                    sorted[sorted.length - 1],
                    Arrays.stream(sorted).average().orElse(Double.NaN));
        }
    }
}
