package io.hardneg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.KafkaIo;
import io.hardneg.kafka.TopicCreator;
import io.hardneg.kafka.TopicPlan;
import io.hardneg.local.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code topics create} on a real broker: the first run creates, the second changes nothing. */
class TopicsCreateITCase {
    @Test
    void creatingTheTopicsTwiceChangesNothing(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            HardnegConfig config =
                    HardnegConfig.defaults()
                            .with(HardnegOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            List<TopicPlan.Topic> plan =
                    TopicPlan.read(Path.of("..", "kafka-config", "topics.json"), config);
            assertThat(plan)
                    .extracting(TopicPlan.Topic::name)
                    .contains(
                            "hardneg.bars",
                            "hardneg.results",
                            "hardneg.dead-letters",
                            "hardneg.stats",
                            "hardneg.models");

            List<String> first = TopicCreator.apply(KafkaIo.clientProperties(config), plan);
            assertThat(first).allSatisfy(line -> assertThat(line).startsWith("created "));
            assertThat(first)
                    .anySatisfy(
                            line ->
                                    assertThat(line)
                                            .startsWith("created hardneg.models: 1 partitions")
                                            .contains("cleanup.policy=compact"));

            List<String> second = TopicCreator.apply(KafkaIo.clientProperties(config), plan);
            assertThat(second).hasSameSizeAs(plan);
            assertThat(second)
                    .allSatisfy(line -> assertThat(line).endsWith(": unchanged, matches the file"));
        }
    }
}
