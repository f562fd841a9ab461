package io.hardneg.encoder;

/** L2 helpers for embedding vectors. */
public final class Embeddings {

    private Embeddings() {}

    /**
     * Scales {@code v} in place to unit L2 length.
     *
     * <p>The norm is accumulated in double, so it cannot overflow for float inputs and the result
     * is the correctly rounded quotient of each component by the norm.
     *
     * @return false, leaving {@code v} untouched, when {@code v} holds a NaN or an infinity or its
     *     norm is 0
     */
    public static boolean normalizeInPlace(float[] v) {
        double sumOfSquares = 0.0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
            sumOfSquares += (double) x * x;
        }
        double norm = Math.sqrt(sumOfSquares);
        if (norm == 0.0 || !Double.isFinite(norm)) {
            return false;
        }

        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return true;
    }

    /**
     * Dot product with a float accumulator, summed in index order, so the same inputs always give
     * the same bits.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "vectors have different lengths: " + a.length + " and " + b.length);
        }
        float sum = 0.0f;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
