package io.hardneg.encoder;

import java.util.SplittableRandom;

/**
 * The built-in CNN's weights in memory, with a plain-Java forward pass (accumulated in double) used
 * to calibrate the two dense layers before the weights are written out as ONNX initializers.
 *
 * <p>Layout matches the ONNX graph: convolution weights {@code [out, in, 3]}, dense weights {@code
 * [out, in]} (PyTorch {@code Linear}).
 */
final class BuiltinNetwork {

    static final int CONV1_OUT = 16;
    static final int CONV2_OUT = 32;
    static final int CONV3_OUT = 64;
    static final int HIDDEN = 64;
    static final int EMBEDDING_DIM = 32;
    static final int KERNEL = 3;

    private static final float BIAS_BOUND = 0.01f;

    /** Below this a calibration spread is treated as zero and left unscaled. */
    private static final double MIN_STD = 1e-12;

    final int channels;
    final float[] conv1W;
    final float[] conv1B;
    final float[] conv2W;
    final float[] conv2B;
    final float[] conv3W;
    final float[] conv3B;
    final float[] fc1W;
    final float[] fc1B;
    final float[] fc2W;
    final float[] fc2B;

    private BuiltinNetwork(int channels, SplittableRandom random) {
        this.channels = channels;
        // Draw order is part of the model's identity: changing it changes every version string.
        conv1W = heUniform(random, CONV1_OUT * channels * KERNEL, channels * KERNEL);
        conv1B = uniform(random, CONV1_OUT, BIAS_BOUND);
        conv2W = heUniform(random, CONV2_OUT * CONV1_OUT * KERNEL, CONV1_OUT * KERNEL);
        conv2B = uniform(random, CONV2_OUT, BIAS_BOUND);
        conv3W = heUniform(random, CONV3_OUT * CONV2_OUT * KERNEL, CONV2_OUT * KERNEL);
        conv3B = uniform(random, CONV3_OUT, BIAS_BOUND);
        fc1W = heUniform(random, HIDDEN * CONV3_OUT, CONV3_OUT);
        fc1B = uniform(random, HIDDEN, BIAS_BOUND);
        fc2W = heUniform(random, EMBEDDING_DIM * HIDDEN, HIDDEN);
        fc2B = uniform(random, EMBEDDING_DIM, BIAS_BOUND);
    }

    /**
     * He-uniform weights (bound {@code sqrt(6 / fan_in)}) and biases uniform in ±0.01, drawn from
     * {@code random} in layer order.
     */
    static BuiltinNetwork draw(int channels, SplittableRandom random) {
        return new BuiltinNetwork(channels, random);
    }

    /**
     * Re-centres and re-scales the two dense layers so that, over {@code windows}, every hidden
     * pre-activation has mean 0 and variance 1 and the embedding is zero-mean with unit average
     * variance per dimension (a batch norm folded into the weights).
     *
     * <p>Why: the pooled convolution features are averages of ReLU outputs, all positive, and share
     * a mean component several times larger than their spread across windows. Carried through the
     * dense layers unchanged, that component made every embedding point the same way: cosine 0.995
     * to 0.999 between unrelated market windows. Removing it leaves only what differs between
     * windows.
     */
    void calibrate(float[][] windows, int length) {
        int n = windows.length;
        double[][] pre = new double[n][];
        for (int i = 0; i < n; i++) {
            pre[i] = linear(pooled(windows[i], length), fc1W, fc1B);
        }
        double[] mean1 = mean(pre);
        double[] std1 = std(pre, mean1);
        for (int o = 0; o < HIDDEN; o++) {
            double scale = std1[o] < MIN_STD ? 1.0 : 1.0 / std1[o];
            for (int i = 0; i < CONV3_OUT; i++) {
                fc1W[o * CONV3_OUT + i] = (float) (fc1W[o * CONV3_OUT + i] * scale);
            }
            fc1B[o] = (float) ((fc1B[o] - mean1[o]) * scale);
        }

        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] hidden = relu(linear(pooled(windows[i], length), fc1W, fc1B));
            out[i] = linear(hidden, fc2W, fc2B);
        }
        double[] mean2 = mean(out);
        double[] std2 = std(out, mean2);
        double variance = 0;
        for (double s : std2) {
            variance += s * s;
        }
        variance /= EMBEDDING_DIM;
        // One scale for all dimensions: it does not change cosines, only keeps outputs near 1.
        double scale = variance < MIN_STD * MIN_STD ? 1.0 : 1.0 / Math.sqrt(variance);
        for (int o = 0; o < EMBEDDING_DIM; o++) {
            for (int i = 0; i < HIDDEN; i++) {
                fc2W[o * HIDDEN + i] = (float) (fc2W[o * HIDDEN + i] * scale);
            }
            fc2B[o] = (float) ((fc2B[o] - mean2[o]) * scale);
        }
    }

    /** The embedding of one channel-major window of {@code channels x length} values. */
    double[] embed(float[] window, int length) {
        return linear(relu(linear(pooled(window, length), fc1W, fc1B)), fc2W, fc2B);
    }

    /** Output of the global average pool: conv stack, then the mean over time per channel. */
    double[] pooled(float[] window, int length) {
        double[][] x = new double[channels][length];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < length; t++) {
                x[c][t] = window[c * length + t];
            }
        }
        x = maxPool(relu(conv(x, conv1W, conv1B)));
        x = maxPool(relu(conv(x, conv2W, conv2B)));
        x = relu(conv(x, conv3W, conv3B));
        double[] pooled = new double[x.length];
        for (int c = 0; c < x.length; c++) {
            double sum = 0;
            for (double v : x[c]) {
                sum += v;
            }
            pooled[c] = sum / x[c].length;
        }
        return pooled;
    }

    /** Kernel 3, padding 1, stride 1. */
    private static double[][] conv(double[][] x, float[] w, float[] b) {
        int in = x.length;
        int length = x[0].length;
        double[][] y = new double[b.length][length];
        for (int o = 0; o < b.length; o++) {
            for (int t = 0; t < length; t++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    int base = (o * in + i) * KERNEL;
                    for (int k = 0; k < KERNEL; k++) {
                        int src = t + k - 1;
                        if (src >= 0 && src < length) {
                            sum += w[base + k] * x[i][src];
                        }
                    }
                }
                y[o][t] = sum;
            }
        }
        return y;
    }

    private static double[][] relu(double[][] x) {
        for (double[] row : x) {
            relu(row);
        }
        return x;
    }

    private static double[] relu(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0.0, x[i]);
        }
        return x;
    }

    /** Kernel 2, stride 2; an odd trailing step is dropped, as ONNX MaxPool does by default. */
    private static double[][] maxPool(double[][] x) {
        int length = x[0].length / 2;
        double[][] y = new double[x.length][length];
        for (int c = 0; c < x.length; c++) {
            for (int t = 0; t < length; t++) {
                y[c][t] = Math.max(x[c][2 * t], x[c][2 * t + 1]);
            }
        }
        return y;
    }

    /** {@code W x + b} with {@code W} stored {@code [out, in]}. */
    private static double[] linear(double[] x, float[] w, float[] b) {
        double[] y = new double[b.length];
        for (int o = 0; o < b.length; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += w[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private static double[] mean(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    private static double[] std(double[][] rows, double[] mean) {
        double[] std = new double[mean.length];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                double d = row[j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(std[j] / rows.length);
        }
        return std;
    }

    private static float[] heUniform(SplittableRandom random, int count, int fanIn) {
        return uniform(random, count, (float) Math.sqrt(6.0 / fanIn));
    }

    private static float[] uniform(SplittableRandom random, int count, float bound) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * bound);
        }
        return values;
    }
}
