package io.hardneg.local;

import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishing bars to and reading committed records from topics, for local runs and tests. */
public final class TopicIo {
    private TopicIo() {}

    /** Publishes bars as JSON keyed by symbol, in list order; reports progress every 1,000. */
    public static void publishBars(
            String bootstrap, String topic, List<Bar> bars, IntConsumer progress) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        p.setProperty("linger.ms", "5");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            int sent = 0;
            for (Bar bar : bars) {
                producer.send(new ProducerRecord<>(topic, bar.symbol, BarJson.toJson(bar)));
                if (++sent % 1000 == 0) {
                    progress.accept(sent);
                }
            }
            producer.flush();
            progress.accept(sent);
        }
    }

    /** Publishes raw values (for bad-input tests), keyed as given. */
    public static void publishRaw(String bootstrap, String topic, List<String[]> keyValues) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("enable.idempotence", "true");
        p.setProperty("acks", "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String[] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
            }
            producer.flush();
        }
    }

    /** A read-committed reader of every partition of a topic, from the beginning. */
    public static final class CommittedReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();

        /** A reader of every partition the topic's metadata shows (at least one). */
        public CommittedReader(String bootstrap, String topic) {
            this(bootstrap, topic, 1);
        }

        /**
         * A reader of the topic's partitions, once the metadata shows at least {@code
         * minPartitions} of them: right after a topic is created, a broker may not know all of them
         * yet, and a reader assigned fewer would miss results for good.
         */
        public CommittedReader(String bootstrap, String topic, int minPartitions) {
            Properties p = new Properties();
            p.setProperty("bootstrap.servers", bootstrap);
            p.setProperty("isolation.level", "read_committed");
            p.setProperty("enable.auto.commit", "false");
            p.setProperty("max.poll.records", "2000");
            consumer =
                    new KafkaConsumer<>(
                            p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            while (infos.size() < minPartitions && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(200));
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            }
            if (infos.size() < minPartitions) {
                consumer.close();
                throw new IllegalStateException(
                        "topic "
                                + topic
                                + " shows "
                                + infos.size()
                                + " partitions after 60 s, expected "
                                + minPartitions
                                + "; check that it exists on "
                                + bootstrap);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic metadata", e);
            }
        }

        /** Records committed since the last call, waiting at most {@code timeout}. */
        public List<String> poll(Duration timeout) {
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            return values;
        }

        /** Every remaining committed record, up to the end offsets as of this call. */
        public List<String> drain() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            while (!reached(end)) {
                values.addAll(poll(Duration.ofMillis(500)));
            }
            return values;
        }

        private boolean reached(Map<TopicPartition, Long> end) {
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp) < end.get(tp)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
