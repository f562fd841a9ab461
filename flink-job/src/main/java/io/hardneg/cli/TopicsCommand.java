package io.hardneg.cli;

import io.hardneg.config.HardnegConfig;
import io.hardneg.job.KafkaIo;
import io.hardneg.kafka.TopicCreator;
import io.hardneg.kafka.TopicPlan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Manages the Kafka topics of hardneg.",
        subcommands = {TopicsCommand.Create.class})
final class TopicsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Creates the topics of a topics file through the Admin API (partitions,"
                            + " replication, retention, compaction); existing topics are left as"
                            + " they are and reported. Running it twice changes nothing.")
    static final class Create implements Callable<Integer> {
        @Option(
                names = "--topics",
                paramLabel = "FILE",
                defaultValue = "kafka-config/topics.json",
                description = "Topic definitions (default: ${DEFAULT-VALUE}).")
        Path topics;

        @Mixin ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            HardnegConfig cfg = config.load();
            for (String line :
                    TopicCreator.apply(
                            KafkaIo.clientProperties(cfg), TopicPlan.read(topics, cfg))) {
                System.out.println(line);
            }
            return 0;
        }
    }
}
