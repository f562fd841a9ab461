package io.hardneg.local;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.KafkaIo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the results topic alone costs on this machine: a local broker and one transactional
 * producer, configured as the job's exactly-once writer ({@link KafkaIo#resultProducerProperties},
 * so {@code --set kafka.batch.size=...} applies), publish records of a result's size (bytes from
 * the base64 alphabet, as incompressible as the vectors of a real result) and commit a transaction
 * every {@code checkpoint.interval.ms}, as the job does at each checkpoint. Prints records/s and
 * the CPU time of the broker and of the producer per record: the floor under the cost of every
 * result the job writes, before any bar is parsed, windowed, embedded or mined.
 */
public final class ResultTopicBench {
    private static final String BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private ResultTopicBench() {}

    public static void run(HardnegConfig config, long records, int recordBytes, PrintStream out)
            throws Exception {
        Path work = Files.createTempDirectory("hardneg-results-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            String topic = config.get(HardnegOptions.TOPIC_RESULTS);
            kafka.createTopic(topic, 1, Map.of());
            Properties properties =
                    KafkaIo.resultProducerProperties(
                            config.with(
                                    HardnegOptions.KAFKA_BOOTSTRAP_SERVERS,
                                    kafka.bootstrapServers()));
            properties.setProperty("transactional.id", "hardneg-results-bench");
            properties.setProperty("key.serializer", ByteArraySerializer.class.getName());
            properties.setProperty("value.serializer", ByteArraySerializer.class.getName());
            byte[][] values = values(recordBytes);
            long commitNanos = config.get(HardnegOptions.CHECKPOINT_INTERVAL_MS) * 1_000_000L;
            out.printf(
                    Locale.ROOT,
                    "publishing %,d records of %,d bytes to a local broker, one transaction"
                            + " every %d ms%n",
                    records,
                    recordBytes,
                    commitNanos / 1_000_000);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
                producer.initTransactions();
                long brokerStart = kafka.cpuNanos();
                long ownStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                long lastCommit = start;
                producer.beginTransaction();
                for (long i = 0; i < records; i++) {
                    byte[] key = ("anchor-" + i).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topic, key, values[(int) (i & 63)]));
                    long now = System.nanoTime();
                    if (now - lastCommit >= commitNanos) {
                        producer.commitTransaction();
                        producer.beginTransaction();
                        lastCommit = now;
                    }
                }
                producer.commitTransaction();
                double seconds = (System.nanoTime() - start) / 1e9;
                long brokerEnd = kafka.cpuNanos();
                double broker =
                        brokerStart < 0 || brokerEnd < 0 ? 0 : (brokerEnd - brokerStart) / 1e9;
                double own = (os.getProcessCpuTime() - ownStart) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "%,.0f records/s, %.1f MB/s in %.1f s; CPU: broker %.1f s (0 where the OS"
                                + " does not report it), producer %.1f s (%.2f cores), %.0f us"
                                + " per record%n",
                        records / seconds,
                        records * (double) recordBytes / seconds / 1e6,
                        seconds,
                        broker,
                        own,
                        (broker + own) / seconds,
                        (broker + own) / records * 1e6);
            }
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    /** 64 distinct record values of base64 characters, seeded. */
    private static byte[][] values(int recordBytes) throws IOException {
        if (recordBytes < 1) {
            throw new IOException(
                    "record size " + recordBytes + " bytes: pass a positive --record-bytes");
        }
        SplittableRandom random = new SplittableRandom(17);
        byte[][] values = new byte[64][recordBytes];
        for (byte[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) BASE64.charAt(random.nextInt(64));
            }
        }
        return values;
    }
}
