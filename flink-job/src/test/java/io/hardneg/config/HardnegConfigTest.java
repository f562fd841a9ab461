package io.hardneg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardneg.job.HardnegJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardnegConfigTest {
    @Test
    void defaultsMatchTheDocumentedValues() {
        HardnegConfig c = HardnegConfig.defaults();
        assertThat(c.get(HardnegOptions.WINDOW_LENGTH)).isEqualTo(64);
        assertThat(c.get(HardnegOptions.WINDOW_STRIDE)).isEqualTo(8);
        assertThat(c.get(HardnegOptions.FEATURES))
                .containsExactly("log-return", "range", "body", "log-volume");
        assertThat(c.get(HardnegOptions.BANK_CAPACITY)).isEqualTo(16384);
        assertThat(c.get(HardnegOptions.MINING_TOP_K)).isEqualTo(10);
        assertThat(c.get(HardnegOptions.MINING_EXCLUSION_RADIUS)).isEqualTo(64);
        assertThat(c.get(HardnegOptions.POSITIVE_LAG)).isEqualTo(8);
        assertThat(c.get(HardnegOptions.ENCODER_DEVICE)).isEqualTo("auto");
    }

    @Test
    void commandDefaultsYieldToValuesTheUserSet() {
        HardnegConfig user = HardnegConfig.of(Map.of("checkpoint.interval.ms", "10000"));
        Map<String, String> demo = Map.of("checkpoint.interval.ms", "2000", "mining.top-k", "5");
        HardnegConfig merged = user.withDefaults(demo);
        assertThat(merged.get(HardnegOptions.CHECKPOINT_INTERVAL_MS)).isEqualTo(10000L);
        assertThat(merged.get(HardnegOptions.MINING_TOP_K)).isEqualTo(5);
        assertThat(HardnegConfig.defaults().withDefaults(demo).get(HardnegOptions.MINING_TOP_K))
                .isEqualTo(5);
    }

    @Test
    void derivedDefaultsFollowTheKeyTheyName() {
        HardnegConfig c = HardnegConfig.of(Map.of("window.length", "32", "window.stride", "4"));
        assertThat(c.get(HardnegOptions.MINING_EXCLUSION_RADIUS)).isEqualTo(32);
        assertThat(c.get(HardnegOptions.POSITIVE_LAG)).isEqualTo(4);
    }

    @Test
    void outOfRangeValueNamesKeyValueAndRange() {
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("window.stride", "65")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "window.stride=65 is out of range: expected an integer in [1, 64]. Fix it"
                                + " in the config file or with --set window.stride=...");
    }

    @Test
    void unparsableValueNamesTheExpectedForm() {
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("mining.temperature", "warm")))
                .hasMessage("mining.temperature=warm is not valid: expected a number such as 0.1");
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("bank.key", "planet")))
                .hasMessage("bank.key=planet is not valid: expected one of global|sector|symbol");
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("features", "log-return,rsi")))
                .hasMessageContaining("unknown feature 'rsi'");
    }

    @Test
    void unknownKeyIsRejectedWithASuggestion() {
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("mining.topk", "3")))
                .hasMessage(
                        "unknown configuration key 'mining.topk' (did you mean 'mining.top-k'?)."
                                + " Known keys are listed in README.md (Configuration).");
    }

    @Test
    void positiveLagMustBeAMultipleOfTheStride() {
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("positive.lag", "12")))
                .hasMessageContaining("expected a positive multiple of window.stride (8)");
    }

    @Test
    void fileThenOverridesAndKafkaPassThrough(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(
                file,
                "mining.top-k=20\nkafka.security.protocol=SASL_SSL\nkafka.bootstrap.servers=h:1\n");
        HardnegConfig c = HardnegConfig.load(file, List.of("mining.top-k=5"));
        assertThat(c.get(HardnegOptions.MINING_TOP_K)).isEqualTo(5);
        assertThat(c.kafkaClientProperties())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("security.protocol", "SASL_SSL", "bootstrap.servers", "h:1"));
        assertThat(c.toString()).doesNotContain("SASL_SSL");
    }

    @Test
    void flinkSettingsPassThroughAndWinOverTheJobsOwn() {
        HardnegConfig c =
                HardnegConfig.of(
                        Map.of(
                                "flink.state.backend.rocksdb.writebuffer.size", "128mb",
                                "flink.state.backend.rocksdb.timer-service.factory", "ROCKSDB",
                                "flink.s3.secret-key", "s3cr3t",
                                "checkpoint.interval.ms", "5000"));
        assertThat(c.flinkSettings())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "state.backend.rocksdb.writebuffer.size", "128mb",
                                "state.backend.rocksdb.timer-service.factory", "ROCKSDB",
                                "s3.secret-key", "s3cr3t"));
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("128mb");
        Configuration flink = HardnegJob.flinkConfiguration(c);
        assertThat(flink.toMap())
                .containsEntry("state.backend.rocksdb.writebuffer.size", "128mb")
                .containsEntry("state.backend.rocksdb.timer-service.factory", "ROCKSDB")
                .containsEntry("execution.checkpointing.interval", "5000 ms");
    }

    @Test
    void flinkKeysWithoutASettingOrWithAHardnegKeyAreRefusedWithTheFix() {
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("flink.", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "configuration key 'flink.' names no Flink setting: write the Flink key"
                                + " after the prefix, e.g."
                                + " flink.state.backend.rocksdb.writebuffer.size=128mb");
        assertThatThrownBy(
                        () ->
                                HardnegConfig.of(
                                        Map.of("flink.execution.checkpointing.interval", "5 s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "configuration key 'flink.execution.checkpointing.interval' would bypass"
                                + " hardneg's own key for it: set checkpoint.interval.ms instead");
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("flink.parallelism.default", "4")))
                .hasMessageEndingWith("set parallelism instead");
        assertThatThrownBy(() -> HardnegConfig.of(Map.of("flink.state.checkpoints.dir", "/x")))
                .hasMessageEndingWith(
                        "set checkpoint.dir instead (read by run; demo, backfill and bench keep"
                                + " their checkpoints in a temporary directory)");
    }

    @Test
    void malformedOverrideSaysTheForm() {
        assertThatThrownBy(() -> HardnegConfig.load(null, List.of("mining.top-k")))
                .hasMessage(
                        "override 'mining.top-k' is not of the form key=value, e.g. --set"
                                + " mining.top-k=20");
    }
}
