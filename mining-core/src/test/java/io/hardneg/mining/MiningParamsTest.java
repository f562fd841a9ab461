package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MiningParamsTest {

    @Test
    void acceptsBoundaryValues() {
        MiningParams p = new MiningParams(0, 0, 1e-6f, 1e-6f, 0, 1, 1f);
        assertThat(p.maxSimilarityGuardEnabled()).isFalse();
        assertThat(new MiningParams(1, 1, 1f, 1f, 1, 1, -0.999f).maxSimilarityGuardEnabled())
                .isTrue();
    }

    @Test
    void messagesNameTheKeyTheValueAndTheRange() {
        assertInvalid(() -> new MiningParams(-1, 0, 0.1f, 0.1f, 0, 1, 1f), "mining.top-k", "-1");
        assertInvalid(
                () -> new MiningParams(1, -2, 0.1f, 0.1f, 0, 1, 1f),
                "mining.semi-hard.count",
                "-2");
        assertInvalid(
                () -> new MiningParams(1, 1, 0f, 0.1f, 0, 1, 1f), "mining.semi-hard.margin", "0.0");
        assertInvalid(
                () -> new MiningParams(1, 1, Float.NaN, 0.1f, 0, 1, 1f),
                "mining.semi-hard.margin",
                "NaN");
        assertInvalid(
                () -> new MiningParams(1, 1, 0.1f, -1f, 0, 1, 1f), "mining.temperature", "-1.0");
        assertInvalid(
                () -> new MiningParams(1, 1, 0.1f, 0.1f, -3, 1, 1f),
                "mining.exclusion-radius",
                "-3");
        assertInvalid(() -> new MiningParams(1, 1, 0.1f, 0.1f, 0, 0, 1f), "positive.lag", "0");
        assertInvalid(
                () -> new MiningParams(1, 1, 0.1f, 0.1f, 0, 1, -1f),
                "mining.max-similarity",
                "-1.0");
        assertInvalid(
                () -> new MiningParams(1, 1, 0.1f, 0.1f, 0, 1, 1.5f),
                "mining.max-similarity",
                "1.5");
    }

    private static void assertInvalid(Runnable r, String key, String value) {
        assertThatThrownBy(r::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(": " + value + ";")
                .hasMessageContaining("expected");
    }
}
