package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API kernel against the auto-vectorised one and against the sequential fma loop the
 * oracle uses: bit-identical for every row, on block widths that exercise the register tiles, the
 * single-vector path and the scalar tail, and the cutoff test exact to one ulp.
 */
class KernelsTest {

    @Test
    void theBuildResolvesTheVectorModule() {
        // surefire's argLine passes --add-modules jdk.incubator.vector, as the launcher does; if it
        // went missing every run would silently fall back to the slower kernel.
        assertThat(Kernels.name()).isEqualTo("vector");
    }

    @ParameterizedTest
    @CsvSource({
        "8, 1",
        "8, 32",
        "16, 3",
        "24, 32",
        "40, 5",
        "64, 33",
        "72, 32",
        "128, 128",
        "256, 32",
        "256, 7"
    })
    void vectorKernelIsBitIdenticalToTheSequentialDotProduct(int rows, int dim) {
        Random random = new Random(31L * rows + dim);
        float[][] columns = new float[dim * 2][rows];
        for (float[] column : columns) {
            for (int r = 0; r < rows; r++) {
                column[r] = (float) random.nextGaussian();
            }
        }
        float[][] q = new float[4][dim];
        for (float[] v : q) {
            for (int d = 0; d < dim; d++) {
                v[d] = (float) random.nextGaussian();
            }
        }
        int base = dim; // the second block of the bank
        float[][] expected = new float[4][rows];
        for (int k = 0; k < 4; k++) {
            for (int r = 0; r < rows; r++) {
                float s = 0f;
                for (int d = 0; d < dim; d++) {
                    s = Math.fma(q[k][d], columns[base + d][r], s);
                }
                expected[k][r] = s;
            }
        }

        float[] max = new float[4];
        for (int k = 0; k < 4; k++) {
            max[k] = Float.NEGATIVE_INFINITY;
            for (float v : expected[k]) {
                max[k] = Math.max(max[k], v);
            }
        }

        float[] one = new float[rows];
        assertThat(VectorKernel.block(columns, base, dim, q[0], one, max[0])).isTrue();
        assertThat(bits(one)).containsExactly(bits(expected[0]));
        assertThat(VectorKernel.block(columns, base, dim, q[0], one, Math.nextUp(max[0])))
                .isFalse();
        float[] scalar = new float[rows];
        SimilarityKernel.block(columns, base, dim, q[0], scalar);
        assertThat(bits(scalar)).containsExactly(bits(expected[0]));

        // Queries 0 and 2 reach their cutoff (their own maximum), 1 and 3 miss it by one ulp.
        float[] cutoffs = {max[0], Math.nextUp(max[1]), max[2], Math.nextUp(max[3])};
        float[][] four = new float[4][rows];
        assertThat(VectorKernel.block4(columns, base, dim, q, four, cutoffs)).isEqualTo(0b0101);
        for (int k = 0; k < 4; k++) {
            assertThat(bits(four[k])).as("query %d", k).containsExactly(bits(expected[k]));
        }
        assertThat(Kernels.block4(columns, base, dim, q, four, cutoffs)).isEqualTo(0b0101);
    }

    @Test
    void firstAtLeastFindsEachRowAtTheCutoffAcrossVectorBoundaries() {
        float[] v = new float[70];
        for (int i = 0; i < v.length; i++) {
            v[i] = -1f + i * 0.001f;
        }
        v[3] = 0.5f;
        v[17] = 0.5f;
        v[69] = 0.7f;
        v[40] = Float.NaN; // a marked slot never answers

        assertThat(Kernels.firstAtLeast(v, 0, 70, 0.5f)).isEqualTo(3);
        assertThat(Kernels.firstAtLeast(v, 4, 70, 0.5f)).isEqualTo(17);
        assertThat(Kernels.firstAtLeast(v, 18, 70, 0.5f)).isEqualTo(69);
        assertThat(Kernels.firstAtLeast(v, 18, 69, 0.5f)).isEqualTo(69);
        assertThat(Kernels.firstAtLeast(v, 0, 70, Math.nextUp(0.7f))).isEqualTo(70);
        assertThat(VectorKernel.firstAtLeast(v, 5, 70, 0.5f)).isEqualTo(17);
    }

    @Test
    void maxFindsTheLargestInTheVectorPartAndInTheTail() {
        float[] v = new float[70];
        for (int i = 0; i < v.length; i++) {
            v[i] = -1f + i * 0.001f;
        }
        assertThat(Kernels.max(v, 70)).isEqualTo(-1f + 69 * 0.001f);
        assertThat(VectorKernel.max(v, 0)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(VectorKernel.max(v, 3)).isEqualTo(-1f + 2 * 0.001f);
        v[5] = 0.9f;
        assertThat(VectorKernel.max(v, 64)).isEqualTo(0.9f);
        v[66] = 0.95f;
        assertThat(VectorKernel.max(v, 70)).isEqualTo(0.95f);
        assertThat(VectorKernel.max(v, 66)).isEqualTo(0.9f);
        assertThat(SimilarityKernel.max(v, 70)).isEqualTo(0.95f);
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
