package io.hardneg.mining;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Hard-negative mixing in the manner of MoCHi (Kalantidis et al., NeurIPS 2020): synthetic
 * negatives made from the hard negatives of one anchor, never added to the bank.
 *
 * <p>Synthetic negative k (k = 0, 1, ...) is drawn from {@link AnchorRandom#forSynthetic}: when k
 * is even and there are at least 2 hard negatives, {@code i = nextInt(h)}, {@code j = nextInt(h -
 * 1)} (incremented when {@code >= i}), {@code alpha = nextDouble()} and the mix is {@code alpha *
 * n_i + (1 - alpha) * n_j}; otherwise {@code j = nextInt(h)}, {@code beta = 0.5 * nextDouble()} (so
 * the anchor's share is below 0.5) and the mix is {@code beta * anchor + (1 - beta) * n_j}. The mix
 * is computed in double, divided by its L2 norm and rounded to float; a mix whose norm is below
 * 1e-6 (two opposite hard negatives at alpha = 0.5) is dropped. Without hard negatives there are no
 * synthetic ones. Listed in generation order.
 */
final class SyntheticNegatives {

    private SyntheticNegatives() {}

    static void mix(
            SplittableRandom rng,
            int count,
            WindowId anchorId,
            float[] anchor,
            List<Negative> hard,
            List<Negative> out) {
        int h = hard.size();
        if (h == 0) {
            return;
        }
        int dim = anchor.length;
        double[] m = new double[dim];
        for (int k = 0; k < count; k++) {
            float[] a;
            float[] b;
            WindowId idA;
            Negative nb;
            double c;
            if (k % 2 == 0 && h >= 2) {
                int i = rng.nextInt(h);
                int j = rng.nextInt(h - 1);
                if (j >= i) {
                    j++;
                }
                c = rng.nextDouble();
                Negative na = hard.get(i);
                nb = hard.get(j);
                a = na.entry().embedding();
                idA = new WindowId(na.symbol(), na.endTime());
            } else {
                nb = hard.get(rng.nextInt(h));
                c = 0.5 * rng.nextDouble();
                a = anchor;
                idA = anchorId;
            }
            b = nb.entry().embedding();
            double sumSq = 0;
            for (int d = 0; d < dim; d++) {
                m[d] = c * a[d] + (1 - c) * b[d];
                sumSq += m[d] * m[d];
            }
            double norm = Math.sqrt(sumSq);
            if (norm < 1e-6) {
                continue;
            }
            float[] e = new float[dim];
            for (int d = 0; d < dim; d++) {
                e[d] = (float) (m[d] / norm);
            }
            BankEntry entry =
                    new BankEntry(
                            Negative.SYNTHETIC_SYMBOL, -1L, -1L, e, nb.entry().modelVersion());
            out.add(
                    new Negative(
                            entry,
                            dot(anchor, e),
                            Negative.Kind.SYNTHETIC,
                            idA,
                            new WindowId(nb.symbol(), nb.endTime()),
                            (float) c));
        }
    }

    /** Sequential fused multiply-add dot product, the same arithmetic as the bank's kernel. */
    static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int d = 0; d < a.length; d++) {
            s = Math.fma(a[d], b[d], s);
        }
        return s;
    }
}
