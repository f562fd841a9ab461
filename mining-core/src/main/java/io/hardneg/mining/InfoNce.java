package io.hardneg.mining;

/**
 * InfoNCE over one anchor: logits {@code z_0 = s(a, p) / tau} for the positive and {@code z_i =
 * s(a, n_i) / tau} for the negatives, {@code loss = -z_0 + logsumexp(z)}, {@code weights =
 * softmax(z)} and the gradient of the loss with respect to the anchor embedding, treating the
 * anchor as a free vector: {@code (1 / tau) * (sum_i w_i c_i - p)} with {@code c_0 = p}.
 *
 * <p>All arithmetic is in double; similarities and embeddings come in as float.
 */
public final class InfoNce {

    private InfoNce() {}

    /** Logits: {@code [positiveSim / tau, negativeSims[0] / tau, ...]}. */
    public static double[] logits(
            float positiveSimilarity, float[] negativeSimilarities, float temperature) {
        double[] z = new double[1 + negativeSimilarities.length];
        z[0] = positiveSimilarity / (double) temperature;
        for (int i = 0; i < negativeSimilarities.length; i++) {
            z[i + 1] = negativeSimilarities[i] / (double) temperature;
        }
        return z;
    }

    /** {@code log(sum exp(z_i))}, shifted by the maximum so that it never overflows. */
    public static double logSumExp(double[] z) {
        if (z.length == 0) {
            throw new IllegalArgumentException("logSumExp needs at least one logit");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** {@code -z[0] + logsumexp(z)}: the loss when {@code z[0]} is the positive's logit. */
    public static double loss(double[] z) {
        return logSumExp(z) - z[0];
    }

    /** {@code softmax(z)}, computed stably. */
    public static double[] softmax(double[] z) {
        double lse = logSumExp(z);
        double[] w = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            w[i] = Math.exp(z[i] - lse);
        }
        return w;
    }

    /**
     * Gradient of the loss with respect to the anchor: {@code (1 / tau) * (w_0 p + sum_{i>=1} w_i
     * n_i - p)}, accumulated in double and rounded to float at the end.
     *
     * @param weights softmax of the logits, index 0 the positive
     * @param positive the positive's embedding
     * @param negatives the negatives' embeddings, in logit order ({@code weights[i + 1]})
     */
    public static float[] gradient(
            double[] weights, float[] positive, float[][] negatives, float temperature) {
        if (weights.length != negatives.length + 1) {
            throw new IllegalArgumentException(
                    "weights has "
                            + weights.length
                            + " entries, expected 1 + "
                            + negatives.length
                            + " negatives");
        }
        int dim = positive.length;
        double[] acc = new double[dim];
        for (int d = 0; d < dim; d++) {
            acc[d] = (weights[0] - 1.0) * positive[d];
        }
        for (int i = 0; i < negatives.length; i++) {
            double w = weights[i + 1];
            float[] n = negatives[i];
            for (int d = 0; d < dim; d++) {
                acc[d] += w * n[d];
            }
        }
        float[] g = new float[dim];
        double invTau = 1.0 / temperature;
        for (int d = 0; d < dim; d++) {
            g[d] = (float) (invTau * acc[d]);
        }
        return g;
    }

    /**
     * Importance weights of hard-negative-sampling contrastive losses (Robinson et al., ICLR 2021):
     * {@code w_i = m * exp(beta * s_i) / sum_j exp(beta * s_j)} over the {@code m} negatives, so
     * that they sum to {@code m}; all 1 when beta is 0. Computed in double, shifted by the maximum.
     */
    public static double[] importanceWeights(float[] negativeSimilarities, double beta) {
        int m = negativeSimilarities.length;
        double[] w = new double[m];
        if (m == 0) {
            return w;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float s : negativeSimilarities) {
            max = Math.max(max, beta * s);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            w[i] = Math.exp(beta * negativeSimilarities[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < m; i++) {
            w[i] = m * w[i] / sum;
        }
        return w;
    }

    /**
     * Importance-weighted InfoNCE: {@code -z_0 + log(exp(z_0) + sum_i w_i exp(z_i))}, computed as
     * the log-sum-exp of {@code [z_0, z_i + log w_i]}.
     *
     * @param z logits, index 0 the positive
     * @param importanceWeights one weight per negative ({@code z[i + 1]})
     */
    public static double weightedLoss(double[] z, double[] importanceWeights) {
        if (importanceWeights.length + 1 != z.length) {
            throw new IllegalArgumentException(
                    "importanceWeights has "
                            + importanceWeights.length
                            + " entries, expected "
                            + (z.length - 1));
        }
        double[] shifted = z.clone();
        for (int i = 0; i < importanceWeights.length; i++) {
            shifted[i + 1] += Math.log(importanceWeights[i]);
        }
        return logSumExp(shifted) - z[0];
    }
}
