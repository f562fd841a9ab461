package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardneg.config.ConfigException;
import io.hardneg.config.HardnegConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkSettingsTest {
    @Test
    void valuesFlinkCanReadPassAndUnknownKeysAreLeftToFlink() {
        FlinkSettings.check(
                Map.of(
                        "state.backend.rocksdb.compaction.style", "LEVEL",
                        "state.backend.rocksdb.writebuffer.size", "128mb",
                        "restart-strategy.fixed-delay.delay", "3 s",
                        "some.plugin.setting", "anything"));
    }

    @Test
    void aValueFlinkCannotReadFailsWithTheKeyAndWhatFlinkExpects() {
        assertThatThrownBy(
                        () ->
                                FlinkSettings.check(
                                        Map.of("state.backend.rocksdb.compaction.style", "NOPE")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "configuration key 'flink.state.backend.rocksdb.compaction.style' has a"
                                + " value Flink cannot read as"
                                + " state.backend.rocksdb.compaction.style (")
                .hasMessageContaining("UNIVERSAL")
                .hasMessageEndingWith("): fix the value or drop the key");
        assertThatThrownBy(
                        () ->
                                FlinkSettings.check(
                                        Map.of("state.backend.rocksdb.writebuffer.size", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'flink.state.backend.rocksdb.writebuffer.size'");
    }

    @Test
    void theJobsFlinkConfigurationChecksTooBeforeItIsBuilt() {
        HardnegConfig bad =
                HardnegConfig.of(Map.of("flink.state.backend.rocksdb.compaction.style", "NOPE"));
        assertThatThrownBy(() -> HardnegJob.flinkConfiguration(bad))
                .isInstanceOf(ConfigException.class);
        HardnegConfig good =
                HardnegConfig.of(Map.of("flink.state.backend.rocksdb.compaction.style", "LEVEL"));
        assertThat(HardnegJob.flinkConfiguration(good).toMap())
                .containsEntry("state.backend.rocksdb.compaction.style", "LEVEL");
    }
}
