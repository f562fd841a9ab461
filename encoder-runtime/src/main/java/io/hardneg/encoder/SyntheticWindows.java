package io.hardneg.encoder;

import java.util.SplittableRandom;

/**
 * Seeded windows shaped like the job's input, for calibrating the built-in encoder without data
 * files: each channel is z-scored within its window, as {@code WindowBuilder} does.
 *
 * <p>Channel 0 is the log-return of a random walk with clustered volatility (log-volatility an
 * AR(1) with coefficient 0.9); only a symbol's very first bar has a zero return, so windows here
 * have none. Every other channel is {@code exp(k * x)} of an AR(1) series {@code x}, with the
 * coefficient drawn in [0, 0.95] per window (white noise to a slow drift like log-volume) and
 * {@code k} in [0, 1] (symmetric to right-skewed like bar range), plus a random share of the return
 * and of its magnitude (as body and range carry).
 *
 * <p>These are not market data, and the calibration does not remove all of the structure real
 * windows share: on the S&amp;P 500 sample the median cosine between unrelated windows is about
 * 0.35 after calibration (0.994 before).
 */
final class SyntheticWindows {

    /** A channel whose spread within a window is below this is written as zeros. */
    private static final double MIN_STD = 1e-12;

    private SyntheticWindows() {}

    /** {@code count} channel-major windows of {@code channels x length} values. */
    static float[][] generate(int count, int channels, int length, SplittableRandom random) {
        float[][] windows = new float[count][];
        for (int i = 0; i < count; i++) {
            windows[i] = window(channels, length, random);
        }
        return windows;
    }

    private static float[] window(int channels, int length, SplittableRandom random) {
        double[] returns = new double[length];
        double logVol = random.nextGaussian() * 0.5;
        for (int t = 0; t < length; t++) {
            logVol = 0.9 * logVol + 0.3 * random.nextGaussian();
            returns[t] = Math.exp(logVol) * random.nextGaussian();
        }

        double[][] x = new double[channels][];
        x[0] = returns;
        for (int c = 1; c < channels; c++) {
            double phi = random.nextDouble(0.0, 0.95);
            double innovation = Math.sqrt(1.0 - phi * phi);
            double withReturn = random.nextDouble(-1.0, 1.0);
            double withMagnitude = random.nextDouble(0.0, 1.0);
            double skew = random.nextDouble(0.0, 1.0);
            double[] series = new double[length];
            double state = random.nextGaussian();
            for (int t = 0; t < length; t++) {
                state = phi * state + innovation * random.nextGaussian();
                series[t] =
                        Math.exp(skew * state)
                                + withReturn * returns[t]
                                + withMagnitude * Math.abs(returns[t]);
            }
            x[c] = series;
        }

        float[] window = new float[channels * length];
        for (int c = 0; c < channels; c++) {
            zScore(x[c], window, c * length);
        }
        return window;
    }

    /** Writes {@code (v - mean) / std} (population std) at {@code out[from..]}. */
    private static void zScore(double[] v, float[] out, int from) {
        double sum = 0;
        for (double value : v) {
            sum += value;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (double value : v) {
            sq += (value - mean) * (value - mean);
        }
        double std = Math.sqrt(sq / v.length);
        for (int t = 0; t < v.length; t++) {
            out[from + t] = std < MIN_STD ? 0f : (float) ((v[t] - mean) / std);
        }
    }
}
