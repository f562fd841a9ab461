package io.hardneg.job;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The job's Kafka source of bars and its sinks of results and dead letters. */
public final class KafkaIo {
    /**
     * Producer transaction timeout: above the longest checkpoint we expect, below the broker's
     * default {@code transaction.max.timeout.ms} (15 minutes).
     */
    static final String TRANSACTION_TIMEOUT_MS = "600000";

    /** Default {@code batch.size} of the results writer. */
    static final String RESULT_BATCH_BYTES = "1048576";

    /** Default {@code linger.ms} of the results writer. */
    static final String RESULT_LINGER_MS = "20";

    /** Record header with the schema version of the value. */
    public static final String SCHEMA_HEADER = "hardneg.schema";

    /** Record header with the encoder version of a result. */
    public static final String MODEL_VERSION_HEADER = "hardneg.model-version";

    private KafkaIo() {}

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bar source. {@code bounded} stops at the offsets that are the latest when the job starts
     * (demo and tests); otherwise the source runs until the job is cancelled.
     */
    public static KafkaSource<BarEnvelope> barSource(HardnegConfig config, boolean bounded) {
        var builder =
                KafkaSource.<BarEnvelope>builder()
                        .setProperties(clientProperties(config))
                        .setTopics(config.get(HardnegOptions.TOPIC_BARS))
                        .setGroupId(config.get(HardnegOptions.KAFKA_GROUP_ID))
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new BarDeserializer());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The model announcements, from the start of the (compacted) topic: the newest announcement is
     * the one that counts. Bounded like the bar source.
     */
    public static KafkaSource<ModelAnnouncement> modelSource(
            HardnegConfig config, boolean bounded) {
        var builder =
                KafkaSource.<ModelAnnouncement>builder()
                        .setProperties(clientProperties(config))
                        .setTopics(config.get(HardnegOptions.TOPIC_MODELS))
                        .setGroupId(config.get(HardnegOptions.KAFKA_GROUP_ID) + "-models")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new ModelDeserializer());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Results, written with the configured delivery guarantee. */
    public static KafkaSink<KeyedJson> resultSink(HardnegConfig config) {
        boolean exactlyOnce = config.get(HardnegOptions.SINK_DELIVERY).equals("exactly-once");
        Properties producer = resultProducerProperties(config);
        var builder =
                KafkaSink.<KeyedJson>builder()
                        .setKafkaProducerConfig(producer)
                        .setRecordSerializer(
                                new KeyedJsonSerializer(config.get(HardnegOptions.TOPIC_RESULTS)))
                        .setDeliveryGuarantee(
                                exactlyOnce
                                        ? DeliveryGuarantee.EXACTLY_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix(
                    config.get(HardnegOptions.SINK_TRANSACTIONAL_ID_PREFIX) + "-results");
        }
        return builder.build();
    }

    /**
     * The results writer's producer properties: the {@code kafka.*} pass-through, the transaction
     * timeout, and unless set there, batches of up to {@value #RESULT_BATCH_BYTES} bytes filled for
     * up to {@value #RESULT_LINGER_MS} ms. A result with its input windows (about 30 KB) is larger
     * than Kafka's default batch of 16 KB, so by default every result is a request of its own;
     * batching them cut the CPU time of the broker and the producer per result from about 400 to
     * 150 us on the 2-core development machine ({@code ./hardneg bench --stage results}). The
     * linger adds at most 20 ms to a latency set by checkpoints (seconds).
     */
    public static Properties resultProducerProperties(HardnegConfig config) {
        Properties producer = clientProperties(config);
        producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        producer.putIfAbsent("batch.size", RESULT_BATCH_BYTES);
        producer.putIfAbsent("linger.ms", RESULT_LINGER_MS);
        return producer;
    }

    /** Dead letters, at least once: a repeated dead letter costs nothing downstream. */
    public static KafkaSink<KeyedJson> deadLetterSink(HardnegConfig config) {
        return KafkaSink.<KeyedJson>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setRecordSerializer(
                        new KeyedJsonSerializer(config.get(HardnegOptions.TOPIC_DEAD_LETTERS)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * Statistics records, at least once: a repeat after a restart carries the same values (the
     * record of a bank key and interval is deterministic), so a reader keeps the last one.
     */
    public static KafkaSink<KeyedJson> statsSink(HardnegConfig config) {
        return KafkaSink.<KeyedJson>builder()
                .setKafkaProducerConfig(clientProperties(config))
                .setRecordSerializer(
                        new KeyedJsonSerializer(config.get(HardnegOptions.TOPIC_STATS)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The {@code kafka.*} pass-through properties plus the bootstrap servers. */
    public static Properties clientProperties(HardnegConfig config) {
        Properties properties = new Properties();
        for (Map.Entry<String, String> e : config.kafkaClientProperties().entrySet()) {
            properties.setProperty(e.getKey(), e.getValue());
        }
        return properties;
    }

    /** Reads each record's bytes into a bar or a dead letter that names the topic and offset. */
    static final class BarDeserializer implements KafkaRecordDeserializationSchema<BarEnvelope> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<BarEnvelope> out) {
            out.collect(
                    BarParsing.parse(
                            record.value(), record.topic(), record.partition(), record.offset()));
        }

        @Override
        public TypeInformation<BarEnvelope> getProducedType() {
            return TypeInformation.of(BarEnvelope.class);
        }
    }

    /** Reads announcements; one that cannot be parsed is logged and skipped. */
    static final class ModelDeserializer
            implements KafkaRecordDeserializationSchema<ModelAnnouncement> {
        private static final long serialVersionUID = 1L;
        private static final org.slf4j.Logger LOG =
                org.slf4j.LoggerFactory.getLogger(ModelDeserializer.class);

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ModelAnnouncement> out) {
            if (record.value() == null) {
                return; // a tombstone of the compacted topic
            }
            try {
                out.collect(ModelAnnouncement.parse(record.value()));
            } catch (java.io.IOException e) {
                LOG.warn(
                        "Skipping the model announcement at {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }

        @Override
        public TypeInformation<ModelAnnouncement> getProducedType() {
            return TypeInformation.of(ModelAnnouncement.class);
        }
    }

    /** Writes a {@link KeyedJson}: the key as UTF-8, the value's bytes as they are. */
    static final class KeyedJsonSerializer implements KafkaRecordSerializationSchema<KeyedJson> {
        private static final long serialVersionUID = 1L;

        private final String topic;

        KeyedJsonSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                KeyedJson record, KafkaSinkContext context, Long timestamp) {
            // Record time is the time of writing: event times of historical bars would make the
            // broker's time-based retention delete results as soon as they land.
            ProducerRecord<byte[], byte[]> out =
                    new ProducerRecord<>(
                            topic,
                            null,
                            null,
                            record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8),
                            record.value);
            out.headers().add(SCHEMA_HEADER, bytes(Integer.toString(record.schema)));
            if (record.modelVersion != null) {
                out.headers().add(MODEL_VERSION_HEADER, bytes(record.modelVersion));
            }
            return out;
        }
    }
}
