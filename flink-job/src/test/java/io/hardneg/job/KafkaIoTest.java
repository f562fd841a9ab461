package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.config.HardnegConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaIoTest {

    @Test
    void resultsWriterBatchesResultsUnlessTheUserSetsOtherwise() {
        Properties defaults = KafkaIo.resultProducerProperties(HardnegConfig.defaults());
        assertThat(defaults.getProperty("batch.size")).isEqualTo("1048576");
        assertThat(defaults.getProperty("linger.ms")).isEqualTo("20");
        assertThat(defaults.getProperty("transaction.timeout.ms")).isEqualTo("600000");

        Properties set =
                KafkaIo.resultProducerProperties(
                        HardnegConfig.of(
                                Map.of("kafka.batch.size", "65536", "kafka.linger.ms", "0")));
        assertThat(set.getProperty("batch.size")).isEqualTo("65536");
        assertThat(set.getProperty("linger.ms")).isEqualTo("0");
    }

    @Test
    void otherWritersKeepKafkasDefaults() {
        Properties client = KafkaIo.clientProperties(HardnegConfig.defaults());
        assertThat(client).doesNotContainKeys("batch.size", "linger.ms");
    }
}
