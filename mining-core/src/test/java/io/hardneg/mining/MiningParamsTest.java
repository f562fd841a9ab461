package io.hardneg.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    @Test
    void sevenArgumentConstructorAndBuilderDefaultTheNewSettings() {
        MiningParams p = new MiningParams(10, 5, 0.1f, 0.1f, 0, 1, 1f);
        assertThat(p.rankSkip()).isZero();
        assertThat(p.symbolGroups()).isEmpty();
        assertThat(p.randomCount()).isZero();
        assertThat(p.randomSeed()).isZero();
        assertThat(p.curriculumAnchors()).isZero();
        assertThat(p.importanceBeta()).isZero();
        assertThat(p.syntheticCount()).isZero();
        assertThat(MiningParams.builder().build()).isEqualTo(p);
        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void builderSetsEverySettingAndSurvivesJavaSerialization() throws Exception {
        MiningParams p =
                MiningParams.builder()
                        .topK(3)
                        .semiHardCount(2)
                        .semiHardMargin(0.3f)
                        .temperature(0.2f)
                        .exclusionRadius(4)
                        .positiveLag(5)
                        .maxSimilarity(0.9f)
                        .rankSkip(6)
                        .symbolGroups(List.of(new HashSet<>(Arrays.asList("GOOG", "GOOGL"))))
                        .randomCount(7)
                        .randomSeed(-8L)
                        .curriculumAnchors(9)
                        .importanceBeta(1.5f)
                        .syntheticCount(10)
                        .build();
        assertThat(p.symbolGroups()).containsExactly(Set.of("GOOG", "GOOGL"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(p);
        }
    }

    @Test
    void newSettingsNameTheKeyTheValueAndTheRange() {
        assertInvalid(() -> MiningParams.builder().rankSkip(-1).build(), "mining.rank-skip", "-1");
        assertInvalid(
                () -> MiningParams.builder().randomCount(-2).build(), "mining.random.count", "-2");
        assertInvalid(
                () -> MiningParams.builder().randomCount(MiningParams.MAX_COUNT + 1).build(),
                "mining.random.count",
                String.valueOf(MiningParams.MAX_COUNT + 1));
        assertInvalid(
                () -> MiningParams.builder().curriculumAnchors(-3).build(),
                "mining.curriculum.anchors",
                "-3");
        assertInvalid(
                () -> MiningParams.builder().importanceBeta(-0.5f).build(),
                "mining.importance.beta",
                "-0.5");
        assertInvalid(
                () -> MiningParams.builder().importanceBeta(Float.POSITIVE_INFINITY).build(),
                "mining.importance.beta",
                "Infinity");
        assertInvalid(
                () -> MiningParams.builder().syntheticCount(-4).build(),
                "mining.synthetic.count",
                "-4");
        assertInvalid(
                () -> MiningParams.builder().symbolGroups(List.of(Set.of("GOOG"))).build(),
                "mining.symbol-groups",
                "[GOOG]");
        assertInvalid(
                () -> MiningParams.builder().symbolGroups(null).build(),
                "mining.symbol-groups",
                "null");
        assertThatThrownBy(() -> MiningParams.builder().rankSkip(-1).build())
                .hasMessageContaining("[0, " + MiningParams.MAX_COUNT + "]");
    }

    private static void assertInvalid(Runnable r, String key, String value) {
        assertThatThrownBy(r::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(": " + value + ";")
                .hasMessageContaining("expected");
    }
}
