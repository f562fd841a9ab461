package io.hardneg.mining;

/**
 * Chooses the similarity kernel once per JVM: {@link VectorKernel} when the module {@code
 * jdk.incubator.vector} is resolved (the launcher, the tests and the cluster images pass {@code
 * --add-modules jdk.incubator.vector}), else {@link SimilarityKernel}, which relies on C2's
 * auto-vectorisation alone. Both give bit-identical similarities and the same cutoff answers, so
 * the choice changes speed only. The system property {@value #PROPERTY}{@code =scalar} forces the
 * fallback, for comparisons.
 */
final class Kernels {

    static final String PROPERTY = "hardneg.mining.kernel";

    /** Constant for C2, so each call site below folds to one kernel. */
    static final boolean VECTOR =
            !"scalar".equals(System.getProperty(PROPERTY))
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Kernels() {}

    /** "vector" or "scalar": the kernel this JVM uses, for logs and benchmark reports. */
    static String name() {
        return VECTOR ? "vector" : "scalar";
    }

    /**
     * Writes {@code acc[r] = dot(q, row r)} for the rows of one block (component d in {@code
     * columns[base + d]}, each {@code acc.length} long) and returns whether any of them is {@code
     * >= cutoff}.
     */
    static boolean block(
            float[][] columns, int base, int dim, float[] q, float[] acc, float cutoff) {
        if (VECTOR) {
            return VectorKernel.block(columns, base, dim, q, acc, cutoff);
        }
        SimilarityKernel.block(columns, base, dim, q, acc);
        return SimilarityKernel.max(acc, acc.length) >= cutoff;
    }

    /**
     * {@link #block} for the four queries {@code q[0..3]} into {@code out[0..3]}; bit k of the
     * result answers the cutoff test of query k.
     */
    static int block4(
            float[][] columns, int base, int dim, float[][] q, float[][] out, float[] cutoffs) {
        if (VECTOR) {
            return VectorKernel.block4(columns, base, dim, q, out, cutoffs);
        }
        SimilarityKernel.block2(columns, base, dim, q[0], q[1], out[0], out[1]);
        SimilarityKernel.block2(columns, base, dim, q[2], q[3], out[2], out[3]);
        int hits = 0;
        for (int k = 0; k < 4; k++) {
            hits |= SimilarityKernel.max(out[k], out[k].length) >= cutoffs[k] ? 1 << k : 0;
        }
        return hits;
    }

    /** The largest of {@code v[0, n)}; negative infinity when n is 0. */
    static float max(float[] v, int n) {
        return VECTOR ? VectorKernel.max(v, n) : SimilarityKernel.max(v, n);
    }

    /** The first index in {@code [from, to)} whose value is {@code >= cutoff}, or {@code to}. */
    static int firstAtLeast(float[] v, int from, int to, float cutoff) {
        if (VECTOR) {
            return VectorKernel.firstAtLeast(v, from, to, cutoff);
        }
        int i = from;
        while (i < to && !(v[i] >= cutoff)) {
            i++;
        }
        return i;
    }
}
