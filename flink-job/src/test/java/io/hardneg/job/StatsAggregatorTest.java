package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StatsAggregatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long INTERVAL = 1000;

    private static KeyedOneInputStreamOperatorTestHarness<String, AnchorStat, KeyedJson> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StatsAggregator(INTERVAL)),
                stat -> stat.bankKey,
                Types.STRING);
    }

    private static AnchorStat stat(
            String bankKey, long endTime, double loss, float positive, boolean semiHardAvailable) {
        AnchorStat s = new AnchorStat();
        s.bankKey = bankKey;
        s.endTime = endTime;
        s.loss = loss;
        s.positiveSimilarity = positive;
        s.semiHardAvailable = semiHardAvailable;
        return s;
    }

    /** Three anchors of "global" in [0, 1000), one in [1000, 2000), one of "tech" in [0, 1000). */
    private static List<AnchorStat> anchors() {
        AnchorStat a1 = stat("global", 100, 1.5, 0.75f, false);
        a1.hardSimilarities = new float[] {0.5f, 0.25f};
        a1.exclusionHits = 2;
        a1.maxSimilarityHits = 1;
        a1.rankSkipHits = 3;
        AnchorStat a2 = stat("global", 500, 2.5, 0.5f, true);
        a2.hardSimilarities = new float[] {0.75f, 0.125f};
        a2.semiHardSimilarities = new float[] {0.375f};
        a2.exclusionHits = 1;
        a2.symbolGroupHits = 4;
        // No positive: counted as an anchor, not in the loss, s(a,p) or semi-hard-empty rate.
        AnchorStat a3 = stat("global", 999, Double.NaN, Float.NaN, false);
        a3.hardSimilarities = new float[] {0.0625f};
        a3.randomSimilarities = new float[] {-0.25f};
        a3.syntheticSimilarities = new float[] {0.5f};
        AnchorStat a4 = stat("global", 1000, 3.0, 0.25f, false);
        AnchorStat t1 = stat("tech", 200, Double.NaN, Float.NaN, false);
        return List.of(a1, a2, a3, a4, t1);
    }

    private static List<JsonNode> records(List<KeyedJson> out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (KeyedJson k : out) {
            JsonNode node = MAPPER.readTree(k.value);
            assertThat(k.key).isEqualTo(node.get("bankKey").asText());
            assertThat(k.schema).isEqualTo(1);
            assertThat(k.modelVersion).isNull();
            nodes.add(node);
        }
        return nodes;
    }

    private static void assertGlobalFirstInterval(JsonNode r) {
        assertThat(r.get("schema").asInt()).isEqualTo(1);
        assertThat(r.get("type").asText()).isEqualTo("stats");
        assertThat(r.get("bankKey").asText()).isEqualTo("global");
        assertThat(r.get("intervalStart").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(r.get("intervalEnd").asText()).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(r.get("anchors").asInt()).isEqualTo(3);
        assertThat(r.get("anchorsWithPositive").asInt()).isEqualTo(2);
        assertThat(r.get("meanLoss").asDouble()).isEqualTo(2.0);
        // s(a,p) = [0.5, 0.75]: h = 1 * q.
        JsonNode pos = r.get("positiveSimilarity");
        assertThat(pos.get("count").asInt()).isEqualTo(2);
        assertThat(pos.get("p05").asDouble()).isEqualTo(0.5125);
        assertThat(pos.get("p50").asDouble()).isEqualTo(0.625);
        assertThat(pos.get("p95").asDouble()).isEqualTo(0.7375);
        // hard = [0.0625, 0.125, 0.25, 0.5, 0.75]: h = 4 * q = 0.2, 2, 3.8.
        JsonNode hard = r.get("negativeSimilarity").get("hard");
        assertThat(hard.get("count").asInt()).isEqualTo(5);
        assertThat(hard.get("p05").asDouble()).isEqualTo(0.075);
        assertThat(hard.get("p50").asDouble()).isEqualTo(0.25);
        assertThat(hard.get("p95").asDouble()).isEqualTo(0.7);
        JsonNode semi = r.get("negativeSimilarity").get("semi-hard");
        assertThat(semi.get("count").asInt()).isEqualTo(1);
        assertThat(semi.get("p05").asDouble()).isEqualTo(0.375);
        assertThat(semi.get("p95").asDouble()).isEqualTo(0.375);
        JsonNode random = r.get("negativeSimilarity").get("random");
        assertThat(random.get("count").asInt()).isEqualTo(1);
        assertThat(random.get("p50").asDouble()).isEqualTo(-0.25);
        JsonNode synthetic = r.get("negativeSimilarity").get("synthetic");
        assertThat(synthetic.get("count").asInt()).isEqualTo(1);
        assertThat(synthetic.get("p50").asDouble()).isEqualTo(0.5);
        assertThat(r.get("semiHardEmpty").asInt()).isEqualTo(1);
        assertThat(r.get("semiHardEmptyRate").asDouble()).isEqualTo(0.5);
        JsonNode guards = r.get("guards");
        assertThat(guards.get("exclusion").asLong()).isEqualTo(3);
        assertThat(guards.get("maxSimilarity").asLong()).isEqualTo(1);
        assertThat(guards.get("symbolGroup").asLong()).isEqualTo(4);
        assertThat(guards.get("rankSkip").asLong()).isEqualTo(3);
    }

    @Test
    void emitsOneRecordPerBankKeyAndIntervalOnceTheWatermarkPassesItsEnd() throws Exception {
        try (var h = harness()) {
            h.open();
            for (AnchorStat s : anchors()) {
                h.processElement(s, s.endTime);
            }
            h.processWatermark(998);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(999);
            List<JsonNode> first = records(h.extractOutputValues());
            assertThat(first)
                    .extracting(r -> r.get("bankKey").asText())
                    .containsExactlyInAnyOrder("global", "tech");
            JsonNode global =
                    first.stream()
                            .filter(r -> r.get("bankKey").asText().equals("global"))
                            .findFirst()
                            .orElseThrow();
            assertGlobalFirstInterval(global);

            JsonNode tech =
                    first.stream()
                            .filter(r -> r.get("bankKey").asText().equals("tech"))
                            .findFirst()
                            .orElseThrow();
            assertThat(tech.get("anchors").asInt()).isEqualTo(1);
            assertThat(tech.get("anchorsWithPositive").asInt()).isZero();
            assertThat(tech.get("meanLoss").isNull()).isTrue();
            assertThat(tech.get("semiHardEmptyRate").isNull()).isTrue();
            assertThat(tech.get("positiveSimilarity").get("count").asInt()).isZero();
            assertThat(tech.get("positiveSimilarity").get("p50").isNull()).isTrue();
            assertThat(tech.get("negativeSimilarity").get("hard").get("p05").isNull()).isTrue();

            h.getOutput().clear();
            h.processWatermark(1998);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(1999);
            List<JsonNode> second = records(h.extractOutputValues());
            assertThat(second).hasSize(1);
            JsonNode r = second.get(0);
            assertThat(r.get("intervalStart").asText()).isEqualTo("1970-01-01T00:00:01Z");
            assertThat(r.get("intervalEnd").asText()).isEqualTo("1970-01-01T00:00:02Z");
            assertThat(r.get("anchors").asInt()).isEqualTo(1);
            assertThat(r.get("meanLoss").asDouble()).isEqualTo(3.0);
            assertThat(r.get("positiveSimilarity").get("p05").asDouble()).isEqualTo(0.25);
            assertThat(r.get("semiHardEmptyRate").asDouble()).isEqualTo(1.0);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aWatermarkThatPassesSeveralIntervalsEmitsThemInIntervalOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            for (long t : new long[] {2500, 10, 1200, 2999, 1999, 4000}) {
                h.processElement(stat("global", t, 1.0, 0.5f, true), t);
            }
            h.processWatermark(3000);
            List<JsonNode> out = records(h.extractOutputValues());
            assertThat(out)
                    .extracting(r -> r.get("intervalStart").asText())
                    .containsExactly(
                            "1970-01-01T00:00:00Z", "1970-01-01T00:00:01Z", "1970-01-01T00:00:02Z");
            assertThat(out).extracting(r -> r.get("anchors").asInt()).containsExactly(1, 2, 2);
            assertThat(h.numEventTimeTimers()).isEqualTo(1); // [4000, 5000) is still open
        }
    }

    @Test
    void intervalsAreAlignedToTheEpochBeforeItToo() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(stat("global", -1, 1.0, 0.5f, true), -1);
            h.processWatermark(-1);
            List<JsonNode> out = records(h.extractOutputValues());
            assertThat(out).hasSize(1);
            assertThat(out.get(0).get("intervalStart").asText()).isEqualTo("1969-12-31T23:59:59Z");
            assertThat(out.get(0).get("intervalEnd").asText()).isEqualTo("1970-01-01T00:00:00Z");
        }
    }

    @Test
    void openIntervalsSurviveARestoreFromASnapshot() throws Exception {
        List<AnchorStat> all = anchors();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (AnchorStat s : all.subList(0, 2)) {
                h.processElement(s, s.endTime);
            }
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (AnchorStat s : all.subList(2, all.size())) {
                h.processElement(s, s.endTime);
            }
            h.processWatermark(999);
            List<JsonNode> out = records(h.extractOutputValues());
            JsonNode global =
                    out.stream()
                            .filter(r -> r.get("bankKey").asText().equals("global"))
                            .findFirst()
                            .orElseThrow();
            assertGlobalFirstInterval(global);
        }
    }

    @Test
    void quantilesInterpolateLinearlyBetweenTheClosestRanks() {
        double[] zeroToTwenty = new double[21];
        for (int i = 0; i <= 20; i++) {
            zeroToTwenty[i] = i;
        }
        assertThat(StatsInterval.quantile(zeroToTwenty, 5)).isEqualTo(1.0);
        assertThat(StatsInterval.quantile(zeroToTwenty, 50)).isEqualTo(10.0);
        assertThat(StatsInterval.quantile(zeroToTwenty, 95)).isEqualTo(19.0);
        assertThat(StatsInterval.quantile(new double[] {1.0, 2.0, 3.0, 4.0}, 50)).isEqualTo(2.5);
        assertThat(StatsInterval.quantile(new double[] {7.0}, 95)).isEqualTo(7.0);
        assertThat(StatsInterval.quantile(new double[0], 50)).isNaN();
    }

    @Test
    void rejectsAnIntervalBelowOneMillisecond() {
        assertThatThrownBy(() -> new StatsAggregator(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intervalMs must be >= 1, got 0");
    }
}
