package io.hardneg.mining;

/** Checks shared by the bank and the miner: every embedding that reaches them is unit length. */
final class Embeddings {

    /** Largest accepted deviation of an embedding's L2 norm from 1. */
    static final double NORM_TOLERANCE = 1e-3;

    private Embeddings() {}

    /**
     * Throws {@link IllegalArgumentException} unless {@code e} has {@code dim} finite components
     * and an L2 norm within {@link #NORM_TOLERANCE} of 1.
     */
    static void checkUnit(float[] e, int dim, String what) {
        if (e == null) {
            throw new IllegalArgumentException(what + " embedding is null");
        }
        if (e.length != dim) {
            throw new IllegalArgumentException(
                    what
                            + " embedding has dimension "
                            + e.length
                            + " but the bank has dim "
                            + dim
                            + "; check that the encoder's output size matches the bank");
        }
        double sumSq = 0;
        for (int d = 0; d < e.length; d++) {
            float v = e[d];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(
                        what
                                + " embedding component "
                                + d
                                + " is "
                                + v
                                + "; embeddings must be finite unit vectors:"
                                + " normalise before adding and drop windows whose encoding"
                                + " is not finite");
            }
            sumSq += (double) v * v;
        }
        double norm = Math.sqrt(sumSq);
        if (Math.abs(norm - 1.0) > NORM_TOLERANCE) {
            throw new IllegalArgumentException(
                    what
                            + " embedding has L2 norm "
                            + norm
                            + ", expected 1 +/- "
                            + NORM_TOLERANCE
                            + ": normalise before adding (a zero vector cannot be normalised;"
                            + " drop such windows)");
        }
    }
}
