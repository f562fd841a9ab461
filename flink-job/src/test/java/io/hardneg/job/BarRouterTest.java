package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BarRouterTest {
    private static final long NOW = 1_700_000_000_000L;

    private static BarEnvelope parsed(String json, long offset) {
        return BarParsing.parse(json.getBytes(StandardCharsets.UTF_8), "bars", 3, offset);
    }

    @Test
    void goodBarsPassAndEachBadOneBecomesADeadLetterWithItsOrigin() throws Exception {
        BarRouter router = new BarRouter(60_000, () -> NOW);
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(router))) {
            harness.open();
            String ok = "\"open\":2,\"high\":3,\"low\":1,\"close\":2,\"volume\":5}";
            harness.processElement(parsed("{\"symbol\":\"A\",\"time\":1000," + ok, 10), 0);
            harness.processElement(parsed("not json", 11), 0);
            harness.processElement(
                    parsed("{\"symbol\":\"A\",\"time\":" + (NOW + 60_001) + "," + ok, 12), 0);
            harness.processElement(
                    parsed("{\"symbol\":\"A\",\"time\":" + (NOW + 60_000) + "," + ok, 13), 0);

            assertThat(harness.extractOutputValues())
                    .extracting(b -> ((BarEnvelope) b).bar.time)
                    .containsExactly(1000L, NOW + 60_000);
            var dead = harness.getSideOutput(DeadLetters.TAG);
            assertThat(dead)
                    .extracting(r -> ((StreamRecord<DeadLetter>) r).getValue().reason)
                    .containsExactly("malformed", "future-time");
            assertThat(dead)
                    .extracting(r -> ((StreamRecord<DeadLetter>) r).getValue().offset)
                    .containsExactly(11L, 12L);
            assertThat(dead)
                    .extracting(r -> ((StreamRecord<DeadLetter>) r).getValue().partition)
                    .containsExactly(3, 3);
        }
    }
}
