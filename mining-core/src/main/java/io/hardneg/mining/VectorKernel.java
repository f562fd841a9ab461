package io.hardneg.mining;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SimilarityKernel}'s dot products written with the incubating Vector API, register-blocked:
 * the accumulators of a tile of rows (and, batched, of four anchors) stay in vector registers for
 * every component, so a column element is loaded once per tile and an accumulator is stored once
 * per row instead of once per pass. Each call also reports whether any row reached a cutoff, the
 * test that lets {@link AnchorSearch} skip the per-row selection of a block; folding that into the
 * tile replaces a separate max pass (on JDK 17 a vectorised float max over a block cost a third of
 * a batched search, because of Java's NaN and signed-zero rules for max).
 *
 * <p>Per row the arithmetic is exactly that of {@link SimilarityKernel}: {@code s = fma(q[d], e[d],
 * s)} for d = 0, 1, ..., dim - 1 starting from 0, one lane per row ({@link FloatVector#fma} rounds
 * once per lane, as {@link Math#fma}). Results are bit-identical to it on every machine, whatever
 * the vector width.
 *
 * <p>Loaded only when the JVM resolves the module {@code jdk.incubator.vector}; see {@link
 * Kernels}.
 */
final class VectorKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Tiles of four vectors of rows for four anchors need 16 accumulators plus four columns: that
     * fits the 32 registers of AVX-512, not the 16 of AVX2, where two vectors of rows are used.
     */
    private static final boolean WIDE = S.vectorBitSize() >= 512;

    private VectorKernel() {}

    /**
     * As {@link SimilarityKernel#block}; returns whether any of the {@code acc.length} rows has a
     * similarity {@code >= cutoff}.
     */
    static boolean block(
            float[][] columns, int base, int dim, float[] q, float[] acc, float cutoff) {
        int rows = acc.length;
        VectorMask<Float> hit = S.maskAll(false);
        int r = 0;
        for (; r + 4 * L <= rows; r += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int d = 0; d < dim; d++) {
                float[] c = columns[base + d];
                FloatVector x = FloatVector.broadcast(S, q[d]);
                a0 = FloatVector.fromArray(S, c, r).fma(x, a0);
                a1 = FloatVector.fromArray(S, c, r + L).fma(x, a1);
                a2 = FloatVector.fromArray(S, c, r + 2 * L).fma(x, a2);
                a3 = FloatVector.fromArray(S, c, r + 3 * L).fma(x, a3);
            }
            a0.intoArray(acc, r);
            a1.intoArray(acc, r + L);
            a2.intoArray(acc, r + 2 * L);
            a3.intoArray(acc, r + 3 * L);
            hit = hit.or(reached(a0, a1, a2, a3, cutoff));
        }
        for (; r + L <= rows; r += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int d = 0; d < dim; d++) {
                a0 =
                        FloatVector.fromArray(S, columns[base + d], r)
                                .fma(FloatVector.broadcast(S, q[d]), a0);
            }
            a0.intoArray(acc, r);
            hit = hit.or(a0.compare(VectorOperators.GE, cutoff));
        }
        boolean any = hit.anyTrue();
        for (; r < rows; r++) {
            float s = scalarRow(columns, base, dim, q, r);
            acc[r] = s;
            any |= s >= cutoff;
        }
        return any;
    }

    /**
     * {@link #block} for four queries at once, each column load feeding four multiply-adds; bit k
     * of the result is set when query k's similarities reached its cutoff. Each tile is its own
     * method: one large method exceeds C2's inlining budget for the Vector API calls, and the
     * vectors are then boxed on the heap (measured: 4 MB allocated per batch, 2.4x slower).
     */
    static int block4(
            float[][] columns, int base, int dim, float[][] q, float[][] out, float[] cutoffs) {
        int rows = out[0].length;
        int hits = 0;
        int r = 0;
        if (WIDE) {
            for (; r + 4 * L <= rows; r += 4 * L) {
                tile4x4(columns, base, dim, q, out, r);
                hits |=
                        reached(out[0], r, cutoffs[0])
                                | reached(out[1], r, cutoffs[1]) << 1
                                | reached(out[2], r, cutoffs[2]) << 2
                                | reached(out[3], r, cutoffs[3]) << 3;
            }
        }
        for (; r + 2 * L <= rows; r += 2 * L) {
            hits |= tile2x4(columns, base, dim, q, out, cutoffs, r);
        }
        for (; r < rows; r++) {
            for (int k = 0; k < 4; k++) {
                float s = scalarRow(columns, base, dim, q[k], r);
                out[k][r] = s;
                hits |= s >= cutoffs[k] ? 1 << k : 0;
            }
        }
        return hits;
    }

    /**
     * Rows [r, r + 4L) for four queries: sixteen accumulators. The cutoff test reads the stored
     * rows back from L1 in {@link #reached(float[], int, float)}: inside this method it pushed C2
     * past its inlining node budget, and vectors passed to a call that is not inlined are boxed.
     */
    private static void tile4x4(
            float[][] columns, int base, int dim, float[][] q, float[][] out, int r) {
        float[] qa = q[0];
        float[] qb = q[1];
        float[] qc = q[2];
        float[] qd = q[3];
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        FloatVector e2 = a0;
        FloatVector e3 = a0;
        for (int d = 0; d < dim; d++) {
            float[] col = columns[base + d];
            FloatVector x0 = FloatVector.fromArray(S, col, r);
            FloatVector x1 = FloatVector.fromArray(S, col, r + L);
            FloatVector x2 = FloatVector.fromArray(S, col, r + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, col, r + 3 * L);
            FloatVector w = FloatVector.broadcast(S, qa[d]);
            a0 = x0.fma(w, a0);
            a1 = x1.fma(w, a1);
            a2 = x2.fma(w, a2);
            a3 = x3.fma(w, a3);
            w = FloatVector.broadcast(S, qb[d]);
            b0 = x0.fma(w, b0);
            b1 = x1.fma(w, b1);
            b2 = x2.fma(w, b2);
            b3 = x3.fma(w, b3);
            w = FloatVector.broadcast(S, qc[d]);
            c0 = x0.fma(w, c0);
            c1 = x1.fma(w, c1);
            c2 = x2.fma(w, c2);
            c3 = x3.fma(w, c3);
            w = FloatVector.broadcast(S, qd[d]);
            e0 = x0.fma(w, e0);
            e1 = x1.fma(w, e1);
            e2 = x2.fma(w, e2);
            e3 = x3.fma(w, e3);
        }
        store(out[0], r, a0, a1, a2, a3);
        store(out[1], r, b0, b1, b2, b3);
        store(out[2], r, c0, c1, c2, c3);
        store(out[3], r, e0, e1, e2, e3);
    }

    /** Rows [r, r + 2L) for four queries: eight accumulators. */
    private static int tile2x4(
            float[][] columns,
            int base,
            int dim,
            float[][] q,
            float[][] out,
            float[] cutoffs,
            int r) {
        float[] qa = q[0];
        float[] qb = q[1];
        float[] qc = q[2];
        float[] qd = q[3];
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        for (int d = 0; d < dim; d++) {
            float[] col = columns[base + d];
            FloatVector x0 = FloatVector.fromArray(S, col, r);
            FloatVector x1 = FloatVector.fromArray(S, col, r + L);
            FloatVector w = FloatVector.broadcast(S, qa[d]);
            a0 = x0.fma(w, a0);
            a1 = x1.fma(w, a1);
            w = FloatVector.broadcast(S, qb[d]);
            b0 = x0.fma(w, b0);
            b1 = x1.fma(w, b1);
            w = FloatVector.broadcast(S, qc[d]);
            c0 = x0.fma(w, c0);
            c1 = x1.fma(w, c1);
            w = FloatVector.broadcast(S, qd[d]);
            e0 = x0.fma(w, e0);
            e1 = x1.fma(w, e1);
        }
        return store(out[0], r, a0, a1, cutoffs[0])
                | store(out[1], r, b0, b1, cutoffs[1]) << 1
                | store(out[2], r, c0, c1, cutoffs[2]) << 2
                | store(out[3], r, e0, e1, cutoffs[3]) << 3;
    }

    /** Stores two vectors of rows from r; 1 if any lane is {@code >= cutoff}, else 0. */
    private static int store(float[] out, int r, FloatVector v0, FloatVector v1, float cutoff) {
        v0.intoArray(out, r);
        v1.intoArray(out, r + L);
        return reached(v0, v1, cutoff).anyTrue() ? 1 : 0;
    }

    /** As {@link Kernels#firstAtLeast}: skips whole vectors with no lane at the cutoff. */
    static int firstAtLeast(float[] v, int from, int to, float cutoff) {
        int i = from;
        for (; i + L <= to; i += L) {
            if (FloatVector.fromArray(S, v, i).compare(VectorOperators.GE, cutoff).anyTrue()) {
                break;
            }
        }
        while (i < to && !(v[i] >= cutoff)) {
            i++;
        }
        return i;
    }

    /** The largest of {@code v[0, n)}; negative infinity when n is 0. */
    static float max(float[] v, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(S, v, 0);
            for (i = L; i + L <= n; i += L) {
                acc = acc.max(FloatVector.fromArray(S, v, i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }

    private static void store(
            float[] out, int r, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(out, r);
        v1.intoArray(out, r + L);
        v2.intoArray(out, r + 2 * L);
        v3.intoArray(out, r + 3 * L);
    }

    /** 1 if any of {@code out[r, r + 4L)} is {@code >= cutoff}, else 0. */
    private static int reached(float[] out, int r, float cutoff) {
        return reached(
                                FloatVector.fromArray(S, out, r),
                                FloatVector.fromArray(S, out, r + L),
                                FloatVector.fromArray(S, out, r + 2 * L),
                                FloatVector.fromArray(S, out, r + 3 * L),
                                cutoff)
                        .anyTrue()
                ? 1
                : 0;
    }

    private static VectorMask<Float> reached(FloatVector v0, FloatVector v1, float cutoff) {
        return v0.compare(VectorOperators.GE, cutoff).or(v1.compare(VectorOperators.GE, cutoff));
    }

    private static VectorMask<Float> reached(
            FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float cutoff) {
        return reached(v0, v1, cutoff).or(reached(v2, v3, cutoff));
    }

    private static float scalarRow(float[][] columns, int base, int dim, float[] q, int r) {
        float s = 0f;
        for (int d = 0; d < dim; d++) {
            s = Math.fma(q[d], columns[base + d][r], s);
        }
        return s;
    }
}
