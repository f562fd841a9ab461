package io.hardneg.local;

import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.HardnegJob;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end throughput and latency of the streaming job with exactly-once results: a real broker
 * and MiniCluster, the job running unbounded while the bars are published as fast as the producer
 * goes, and a read_committed consumer timing when each result becomes visible. The latency of a
 * result is the time from the publication of the bar that completed its window to the moment the
 * result could be read; it includes waiting for the watermark (a later bar) and for the checkpoint
 * that commits the transaction.
 */
public final class ThroughputBench {
    private static final String BANK_SIZE = "\"bankSize\":";

    /** A pass written in less time than this gets no figure: timestamps are in milliseconds. */
    private static final long MIN_PASS_MS = 100;

    private ThroughputBench() {}

    /**
     * {@code rate} bars per second to publish at while the job runs (0: as fast as the producer
     * goes); with {@code preload} every bar is published before the job starts, so the job drains a
     * backlog without sharing the cores with the producer, and only throughput is meaningful. The
     * bars are published {@code passes} times, each pass moved back in event time so that the
     * passes follow each other (see {@link #repeat}); passes after the first run on a JVM whose
     * compiler has warmed up and on banks filled by the passes before.
     */
    public static void run(
            Path barsDir,
            HardnegConfig config,
            double rate,
            boolean preload,
            int passes,
            PrintStream out)
            throws Exception {
        CsvBarReader reader =
                barsDir == null ? SampleBars.read() : CsvBarReader.readDirectory(barsDir);
        List<Bar> oneSet = reader.barsInTimeOrder();
        RunChecks.requireBars(oneSet, reader, barsDir);
        RunChecks.preflight(config);
        List<Bar> bars = repeat(oneSet, passes);
        long[] passEnds = passEnds(oneSet, passes);
        int expected = expectedWindows(bars, config);
        out.printf(
                Locale.ROOT,
                "%,d bars%s, %,d windows expected%n",
                bars.size(),
                passes > 1 ? " (" + passes + " passes of " + oneSet.size() + ")" : "",
                expected);

        Path work = Files.createTempDirectory("hardneg-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            HardnegConfig run =
                    config.with(HardnegOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            String barTopic = run.get(HardnegOptions.TOPIC_BARS);
            String resultTopic = run.get(HardnegOptions.TOPIC_RESULTS);
            int partitions = 4;
            kafka.createTopic(barTopic, partitions, Map.of());
            kafka.createTopic(resultTopic, partitions, Map.of());
            kafka.createTopic(run.get(HardnegOptions.TOPIC_DEAD_LETTERS), 1, Map.of());
            kafka.createTopic(run.get(HardnegOptions.TOPIC_STATS), 1, Map.of());

            Map<String, Long> published = new HashMap<>(bars.size() * 2);
            long preloadNs = 0;
            if (preload) {
                long t0 = System.nanoTime();
                publish(kafka.bootstrapServers(), barTopic, partitions, bars, 0, null);
                preloadNs = System.nanoTime() - t0;
            }

            int restPort = EmbeddedKafka.freePort();
            StreamExecutionEnvironment env =
                    LocalFlink.environment(
                            run, DemoRunner.parallelism(run), work.resolve("ckpt"), restPort);
            HardnegJob.buildKafka(env, run, false);
            JobClient job = env.executeAsync("hardneg-bench");

            Map<String, Long> visible = new ConcurrentHashMap<>();
            Map<String, Long> written = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger largestBank = new AtomicInteger();
            Thread consumer =
                    new Thread(
                            () ->
                                    consume(
                                            kafka.bootstrapServers(),
                                            resultTopic,
                                            visible,
                                            written,
                                            largestBank,
                                            stop),
                            "bench-results");
            consumer.start();
            // Let the job start before the clock runs: the figure is for the running job.
            while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
                TimeUnit.MILLISECONDS.sleep(20);
            }

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long jvmCpuStart = processCpuNanos();
            long brokerCpuStart = kafka.cpuNanos();
            long consumerCpuStart = threads.getThreadCpuTime(consumer.getId());
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            long publisherCpu = 0;
            if (!preload) {
                long publisherCpuStart = threads.getCurrentThreadCpuTime();
                publish(kafka.bootstrapServers(), barTopic, partitions, bars, rate, published);
                publisherCpu = threads.getCurrentThreadCpuTime() - publisherCpuStart;
            }
            long published_ns = preload ? preloadNs : System.nanoTime() - start;
            // Waiting, not spinning: on 2 cores a spinning thread takes half the machine from
            // the job. The figures come from the consumer's timestamps, not from this wake-up.
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (visible.size() < expected && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long end = visible.values().stream().mapToLong(Long::longValue).max().orElse(start);
            CpuSplit cpu =
                    new CpuSplit(
                            processCpuNanos() - jvmCpuStart,
                            threads.getThreadCpuTime(consumer.getId()) - consumerCpuStart,
                            publisherCpu,
                            brokerCpuStart < 0 ? -1 : kafka.cpuNanos() - brokerCpuStart,
                            System.nanoTime() - start);
            stop.set(true);
            consumer.join();
            CheckpointStats checkpoints = CheckpointStats.fetch(restPort, job.getJobID());
            long savepointStart = System.nanoTime();
            String savepoint =
                    job.triggerSavepoint(
                                    work.resolve("savepoint").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            long savepointMs = (System.nanoTime() - savepointStart) / 1_000_000;
            long savepointBytes = directorySize(Path.of(URI.create(savepoint)));
            job.cancel().get();
            report(
                    out,
                    bars.size(),
                    expected,
                    visible,
                    published,
                    start,
                    end,
                    published_ns,
                    preload,
                    run);
            if (passes > 1) {
                reportPasses(out, written, passEnds, oneSet.size(), startMillis);
            }
            out.print(cpu.describe(bars.size(), Runtime.getRuntime().availableProcessors()));
            out.printf(
                    Locale.ROOT,
                    "largest bank: %,d entries (bank.capacity %,d, bank.key %s)%n",
                    largestBank.get(),
                    run.get(HardnegOptions.BANK_CAPACITY),
                    run.rawValue(HardnegOptions.BANK_KEY));
            out.print(checkpoints.describe());
            out.printf(
                    Locale.ROOT,
                    "savepoint (canonical, full): %s in %,d ms%n",
                    CheckpointStats.bytes(savepointBytes),
                    savepointMs);
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time from the job's start to the last result's arrival: this JVM's (the job, and the
     * benchmark's own consumer and publisher threads, counted apart) and the broker's; -1 for the
     * broker where the OS does not report another process's CPU time.
     */
    record CpuSplit(long jvm, long consumer, long publisher, long broker, long wall) {
        String describe(int bars, int cores) {
            long job = jvm - consumer - publisher;
            double all = (jvm + Math.max(broker, 0)) / 1e9;
            StringBuilder b = new StringBuilder();
            b.append(
                    String.format(
                            Locale.ROOT,
                            "CPU from the job's start to its last result: %.1f s (%.2f cores"
                                    + " busy of %d); the job %.1f s, the broker %s, the benchmark's"
                                    + " consumer %.1f s",
                            all,
                            all / (wall / 1e9),
                            cores,
                            job / 1e9,
                            broker < 0
                                    ? "not reported by this OS"
                                    : String.format(Locale.ROOT, "%.1f s", broker / 1e9),
                            consumer / 1e9));
            if (publisher > 0) {
                b.append(String.format(Locale.ROOT, " and publisher %.1f s", publisher / 1e9));
            }
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%nCPU per bar: the job %.1f us%s%n",
                            job / 1e3 / bars,
                            broker < 0
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            ", the broker %.1f us",
                                            broker / 1e3 / bars)));
            return b.toString();
        }
    }

    /**
     * Publishes the bars in order, {@code rate} per second (0: as fast as the producer goes), then
     * one far later bar per partition so that the watermark passes every real bar. Each bar's
     * publication time goes to {@code published} unless it is null (no latency is measured).
     */
    private static void publish(
            String bootstrap,
            String topic,
            int partitions,
            List<Bar> bars,
            double rate,
            Map<String, Long> published) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("linger.ms", "5");
        p.setProperty("acks", "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < bars.size(); i++) {
                Bar bar = bars.get(i);
                if (rate > 0) {
                    long due = start + (long) (i / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topic, bar.symbol, BarJson.toJson(bar)));
                if (published != null) {
                    published.put(bar.symbol + "@" + BarTime.format(bar.time), System.nanoTime());
                }
            }
            long last = bars.get(bars.size() - 1).time + 30L * 86_400_000L;
            for (int i = 0; i < partitions; i++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                i,
                                "~flush",
                                BarJson.toJson(new Bar("~flush", last, 1, 1, 1, 1, 1))));
            }
            producer.flush();
        }
    }

    private static void report(
            PrintStream out,
            int barCount,
            int expected,
            Map<String, Long> visible,
            Map<String, Long> published,
            long start,
            long end,
            long publishNs,
            boolean preload,
            HardnegConfig config) {
        double[] latencies =
                visible.entrySet().stream()
                        .filter(e -> published.containsKey(e.getKey()))
                        .mapToDouble(e -> (e.getValue() - published.get(e.getKey())) / 1e6)
                        .sorted()
                        .toArray();
        double seconds = (end - start) / 1e9;
        out.printf(
                Locale.ROOT,
                "%nresults committed: %,d of %,d expected%n"
                        + "bars published in %.1f s%s; last result visible %.1f s after the job"
                        + " started%s%n"
                        + "throughput: %,.0f bars/s, %,.0f results/s (exactly-once, checkpoint"
                        + " every %d ms)%n",
                visible.size(),
                expected,
                publishNs / 1e9,
                preload ? " before the job started" : "",
                seconds,
                preload ? " (draining the backlog)" : " and the publishing",
                barCount / seconds,
                visible.size() / seconds,
                config.get(HardnegOptions.CHECKPOINT_INTERVAL_MS));
        if (preload) {
            out.println(
                    "latency: not measured with --preload (every bar waits in the backlog);"
                            + " run with --rate N below the throughput to measure it");
        } else {
            out.printf(
                    Locale.ROOT,
                    "latency, bar published -> result readable (read_committed): p50 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms%n",
                    quantile(latencies, 0.50),
                    quantile(latencies, 0.99),
                    latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
        }
    }

    /**
     * Throughput of each pass, timed by when the job wrote the results (their record timestamps,
     * set by the results writer's producer as it sends them), not by when they became readable: a
     * checkpoint commits everything written since the one before, so the readable times of passes
     * shorter than a checkpoint interval fall together. A pass runs from the last write of the pass
     * before (the job's start for the first) to its own last write; passes 2 to N together are the
     * figure of a JVM past its warm-up.
     */
    private static void reportPasses(
            PrintStream out,
            Map<String, Long> written,
            long[] passEnds,
            int barsPerPass,
            long startMillis) {
        int passes = passEnds.length;
        long[] lastWritten = new long[passes];
        int[] results = new int[passes];
        for (Map.Entry<String, Long> e : written.entrySet()) {
            String key = e.getKey();
            int pass = passOf(BarTime.parse(key.substring(key.lastIndexOf('@') + 1)), passEnds);
            lastWritten[pass] = Math.max(lastWritten[pass], e.getValue());
            results[pass]++;
        }
        long from = startMillis;
        boolean shared = false;
        for (int k = 0; k < passes; k++) {
            String rate;
            if (results[k] == 0) {
                rate = "n/a (none of its results became readable)";
            } else if (lastWritten[k] - from < MIN_PASS_MS) {
                rate = "n/a (written within " + MIN_PASS_MS + " ms of the pass before)";
                shared = true;
            } else {
                rate =
                        String.format(
                                Locale.ROOT,
                                "%,.0f bars/s, %,d results",
                                barsPerPass / ((lastWritten[k] - from) / 1e3),
                                results[k]);
            }
            out.printf(
                    Locale.ROOT,
                    "  pass %d: %s%s%n",
                    k + 1,
                    rate,
                    k == 0 ? " (cold JVM: compiling the job's code as it runs)" : "");
            from = Math.max(from, lastWritten[k]);
        }
        if (shared) {
            out.println(
                    "  (record timestamps are in milliseconds: a pass this short has no figure of"
                            + " its own; publish more bars per pass)");
        }
        if (results[0] > 0 && lastWritten[passes - 1] - lastWritten[0] >= MIN_PASS_MS) {
            double warmSeconds = (lastWritten[passes - 1] - lastWritten[0]) / 1e3;
            out.printf(
                    Locale.ROOT,
                    "throughput after the first pass: %,.0f bars/s (passes 2-%d)%n",
                    (double) barsPerPass * (passes - 1) / warmSeconds,
                    passes);
        }
    }

    /**
     * {@code passes} copies of bars sorted by time, one after the other in event time: the last
     * copy is the bars as they are, each earlier one moved back by the span of the bars plus one
     * day, so every symbol's series runs on from one pass to the next and no bar lands in the
     * future.
     */
    static List<Bar> repeat(List<Bar> bars, int passes) {
        if (passes == 1) {
            return bars;
        }
        long shift = shift(bars);
        List<Bar> out = new ArrayList<>(Math.multiplyExact(bars.size(), passes));
        for (int k = 0; k < passes; k++) {
            long back = (passes - 1 - k) * shift;
            for (Bar b : bars) {
                out.add(new Bar(b.symbol, b.time - back, b.open, b.high, b.low, b.close, b.volume));
            }
        }
        return out;
    }

    /** The event time of the last bar of each pass {@link #repeat} makes. */
    static long[] passEnds(List<Bar> bars, int passes) {
        long shift = shift(bars);
        long last = bars.get(bars.size() - 1).time;
        long[] ends = new long[passes];
        for (int k = 0; k < passes; k++) {
            ends[k] = last - (passes - 1 - k) * shift;
        }
        return ends;
    }

    /** The pass (from 0) a bar time of {@link #repeat}'s output belongs to. */
    static int passOf(long time, long[] passEnds) {
        for (int k = 0; k < passEnds.length; k++) {
            if (time <= passEnds[k]) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "time "
                        + time
                        + " is after the last pass, which ends at "
                        + passEnds[passEnds.length - 1]);
    }

    private static long shift(List<Bar> bars) {
        return bars.get(bars.size() - 1).time - bars.get(0).time + 86_400_000L;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }

    private static void consume(
            String bootstrap,
            String topic,
            Map<String, Long> visible,
            Map<String, Long> written,
            AtomicInteger largestBank,
            AtomicBoolean stop) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    visible.putIfAbsent(key, System.nanoTime());
                    written.putIfAbsent(key, r.timestamp());
                    largestBank.accumulateAndGet(bankSize(r.value()), Math::max);
                }
            }
        }
    }

    /** The {@code bankSize} field near the start of a result record; 0 if absent. */
    static int bankSize(byte[] record) {
        String head = new String(record, 0, Math.min(record.length, 200), StandardCharsets.UTF_8);
        int at = head.indexOf(BANK_SIZE);
        if (at < 0) {
            return 0;
        }
        int n = 0;
        for (int i = at + BANK_SIZE.length(); i < head.length(); i++) {
            char c = head.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Windows the bars (in time order) make: per symbol and per run of bars without a gap longer
     * than {@code window.max-gap.ms} (when set), one at bar length-1 and then every stride bars.
     */
    static int expectedWindows(List<Bar> bars, HardnegConfig config) {
        int length = config.get(HardnegOptions.WINDOW_LENGTH);
        int stride = config.get(HardnegOptions.WINDOW_STRIDE);
        long maxGap = config.get(HardnegOptions.WINDOW_MAX_GAP_MS);
        Map<String, long[]> runs = new HashMap<>(); // symbol -> {bars in the run, last time}
        int windows = 0;
        for (Bar b : bars) {
            long[] run = runs.computeIfAbsent(b.symbol, s -> new long[] {0, b.time});
            if (maxGap > 0 && b.time - run[1] > maxGap) {
                windows += windowsOf(run[0], length, stride);
                run[0] = 0;
            }
            run[0]++;
            run[1] = b.time;
        }
        for (long[] run : runs.values()) {
            windows += windowsOf(run[0], length, stride);
        }
        return windows;
    }

    private static int windowsOf(long bars, int length, int stride) {
        return bars < length ? 0 : (int) ((bars - length) / stride + 1);
    }
}
