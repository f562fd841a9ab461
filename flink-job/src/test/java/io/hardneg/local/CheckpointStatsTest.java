package io.hardneg.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckpointStatsTest {
    @Test
    void readsCountsSummaryAndLatestFromTheRestAnswer() throws Exception {
        String json =
                "{\"counts\":{\"restored\":0,\"total\":9,\"in_progress\":1,\"completed\":7,"
                        + "\"failed\":1},"
                        + "\"summary\":{\"checkpointed_size\":{\"min\":10,\"max\":5200000,"
                        + "\"avg\":900000,\"p50\":812345},"
                        + "\"state_size\":{\"max\":88000000},"
                        + "\"end_to_end_duration\":{\"min\":40,\"max\":2300,\"p50\":310}},"
                        + "\"latest\":{\"completed\":{\"id\":8,\"state_size\":87654321,"
                        + "\"checkpointed_size\":45678,\"end_to_end_duration\":290}}}";
        CheckpointStats stats = CheckpointStats.parse(new ObjectMapper().readTree(json));
        assertThat(stats)
                .isEqualTo(
                        new CheckpointStats(
                                7, 1, 812_345, 5_200_000, 310, 2_300, 87_654_321, 45_678, 290, ""));
        assertThat(stats.describe())
                .isEqualTo(
                        "checkpoints: 7 completed, 1 failed; uploaded per checkpoint p50 812.3 KB,"
                                + " max 5.2 MB; duration p50 310 ms, max 2,300 ms"
                                + System.lineSeparator()
                                + "last checkpoint: full state 87.7 MB, uploaded 45.7 KB, 290 ms"
                                + System.lineSeparator());
    }

    @Test
    void bankSizeIsReadFromTheRecordHead() {
        byte[] record =
                "{\"schema\":1,\"bankKey\":\"global\",\"bankSize\":65536,\"modelVersion\":\"x\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(ThroughputBench.bankSize(record)).isEqualTo(65_536);
        assertThat(ThroughputBench.bankSize("{}".getBytes(StandardCharsets.UTF_8))).isZero();
    }
}
