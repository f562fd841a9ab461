package io.hardneg.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Feeds a report from a result topic: every partition from the beginning up to its end offset as of
 * the start, read committed, one poll at a time (unlike {@code TopicIo.CommittedReader.drain},
 * which returns everything as one list).
 */
final class ResultTopicReader {
    private ResultTopicReader() {}

    static long read(String bootstrap, String topic, MiningReport report) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("max.poll.records", "2000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException(
                        "topic "
                                + topic
                                + " does not exist on "
                                + bootstrap
                                + "; give the job's topic.results (default hardneg.results)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            while (!reached(consumer, partitions, end)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        report.accept(new String(r.value(), StandardCharsets.UTF_8));
                        records++;
                    }
                }
            }
            return records;
        }
    }

    private static boolean reached(
            KafkaConsumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
