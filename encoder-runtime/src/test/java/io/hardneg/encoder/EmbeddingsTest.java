package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    @Test
    void normalizesThreeFourToExactFractions() {
        float[] v = {3f, 4f};

        assertThat(Embeddings.normalizeInPlace(v)).isTrue();
        assertThat(v).containsExactly(0.6f, 0.8f);
    }

    @Test
    void normalizesAxisAndNegativeVectorsExactly() {
        float[] axis = {0f, -7.5f, 0f};
        float[] twos = {-2f, 2f, -2f, 2f};

        assertThat(Embeddings.normalizeInPlace(axis)).isTrue();
        assertThat(Embeddings.normalizeInPlace(twos)).isTrue();

        assertThat(axis).containsExactly(0f, -1f, 0f);
        assertThat(twos).containsExactly(-0.5f, 0.5f, -0.5f, 0.5f);
    }

    @Test
    void normalizesVectorsWhoseSquaresOverflowFloat() {
        // 3 * 2^100 and 4 * 2^100: their squares (~2^203) are far above Float.MAX_VALUE.
        float[] v = {Math.scalb(3f, 100), Math.scalb(4f, 100)};

        assertThat(Embeddings.normalizeInPlace(v)).isTrue();
        assertThat(v).containsExactly(0.6f, 0.8f);
    }

    @Test
    void unitVectorIsUnchanged() {
        float[] v = {0.6f, 0.8f};

        assertThat(Embeddings.normalizeInPlace(v)).isTrue();
        assertThat(v).containsExactly(0.6f, 0.8f);
    }

    @Test
    void zeroVectorIsRejectedAndUntouched() {
        float[] v = {0f, -0f, 0f};

        assertThat(Embeddings.normalizeInPlace(v)).isFalse();
        assertThat(v).containsExactly(0f, -0f, 0f);
    }

    @Test
    void nonFiniteVectorsAreRejectedAndUntouched() {
        float[] nan = {1f, Float.NaN, 2f};
        float[] inf = {1f, Float.POSITIVE_INFINITY};

        assertThat(Embeddings.normalizeInPlace(nan)).isFalse();
        assertThat(Embeddings.normalizeInPlace(inf)).isFalse();

        assertThat(nan).containsExactly(1f, Float.NaN, 2f);
        assertThat(inf).containsExactly(1f, Float.POSITIVE_INFINITY);
    }

    @Test
    void emptyVectorIsRejected() {
        assertThat(Embeddings.normalizeInPlace(new float[0])).isFalse();
    }

    @Test
    void dotSumsProducts() {
        assertThat(Embeddings.dot(new float[] {1f, 2f, 3f}, new float[] {4f, -5f, 0.5f}))
                .isEqualTo(-4.5f);
        assertThat(Embeddings.dot(new float[0], new float[0])).isEqualTo(0f);
    }

    @Test
    void dotRejectsDifferentLengths() {
        assertThatThrownBy(() -> Embeddings.dot(new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 3");
    }
}
