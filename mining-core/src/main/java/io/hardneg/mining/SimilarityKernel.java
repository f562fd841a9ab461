package io.hardneg.mining;

/**
 * Dot products of one query against a block of bank rows stored column-major.
 *
 * <p>A plain reduction loop ({@code s += a[d] * e[d]}) is not vectorised by C2, so the bank keeps
 * blocks of up to 256 rows column-major and this kernel broadcasts one query component over a
 * column of the block: an element-wise loop ({@code out[r] += q * col[r]}) that C2 turns into SIMD
 * code. Four columns are folded per pass to cut the loads and stores of {@code out} by four.
 *
 * <p>The additions for one row happen in the order d = 0, 1, ..., dim - 1 starting from 0, exactly
 * as in {@code float s = 0; for (d...) s += a[d] * e[d];}, so results are bit-identical to that
 * sequential loop: Java has no implicit fused multiply-add and SIMD lanes do not reorder an
 * element-wise loop.
 */
final class SimilarityKernel {

    private SimilarityKernel() {}

    /**
     * Writes {@code out[off + r] = dot(q, row r)} for the {@code rows} rows of the block starting
     * at {@code base} (component d of row r at {@code data[base + d * rows + r]}).
     */
    static void block(float[] data, int base, int rows, int dim, float[] q, float[] out, int off) {
        int d = 0;
        if (dim >= 4) {
            first4(data, base, rows, q[0], q[1], q[2], q[3], out, off);
            d = 4;
        } else {
            first1(data, base, rows, q[0], out, off);
            d = 1;
        }
        for (; d + 4 <= dim; d += 4) {
            add4(data, base + d * rows, rows, q[d], q[d + 1], q[d + 2], q[d + 3], out, off);
        }
        for (; d < dim; d++) {
            add1(data, base + d * rows, rows, q[d], out, off);
        }
    }

    private static void first4(
            float[] data,
            int c0,
            int rows,
            float q0,
            float q1,
            float q2,
            float q3,
            float[] out,
            int off) {
        int c1 = c0 + rows;
        int c2 = c1 + rows;
        int c3 = c2 + rows;
        for (int r = 0; r < rows; r++) {
            float acc = 0f;
            acc += q0 * data[c0 + r];
            acc += q1 * data[c1 + r];
            acc += q2 * data[c2 + r];
            acc += q3 * data[c3 + r];
            out[off + r] = acc;
        }
    }

    private static void add4(
            float[] data,
            int c0,
            int rows,
            float q0,
            float q1,
            float q2,
            float q3,
            float[] out,
            int off) {
        int c1 = c0 + rows;
        int c2 = c1 + rows;
        int c3 = c2 + rows;
        for (int r = 0; r < rows; r++) {
            float acc = out[off + r];
            acc += q0 * data[c0 + r];
            acc += q1 * data[c1 + r];
            acc += q2 * data[c2 + r];
            acc += q3 * data[c3 + r];
            out[off + r] = acc;
        }
    }

    private static void first1(float[] data, int c0, int rows, float q0, float[] out, int off) {
        for (int r = 0; r < rows; r++) {
            float acc = 0f;
            acc += q0 * data[c0 + r];
            out[off + r] = acc;
        }
    }

    private static void add1(float[] data, int c0, int rows, float q0, float[] out, int off) {
        for (int r = 0; r < rows; r++) {
            out[off + r] += q0 * data[c0 + r];
        }
    }
}
