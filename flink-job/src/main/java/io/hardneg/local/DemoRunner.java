package io.hardneg.local;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.HardnegJob;
import io.hardneg.job.SectorMap;
import io.hardneg.report.MiningReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo: a real KRaft broker and a Flink MiniCluster on this machine, the bars published to the
 * bar topic, the streaming job run over them until they are drained, and the committed results read
 * back.
 */
public final class DemoRunner {
    /** Parallelism of the demo's MiniCluster. */
    public static final int PARALLELISM = 2;

    /** The {@code parallelism} key when set, else {@link #PARALLELISM}. */
    static int parallelism(HardnegConfig config) {
        int configured = config.get(HardnegOptions.PARALLELISM);
        return configured > 0 ? configured : PARALLELISM;
    }

    private static final int BAR_PARTITIONS = 4;

    private DemoRunner() {}

    /**
     * Runs the demo. {@code barsDir} null means the bundled sample. Progress goes to {@code out}.
     * Returns the summary; the broker and all temporary files are gone when it returns.
     */
    public static RunSummary run(
            Path barsDir, HardnegConfig config, Path reportDir, PrintStream out) throws Exception {
        long start = System.nanoTime();
        CsvBarReader reader =
                barsDir == null ? SampleBars.read() : CsvBarReader.readDirectory(barsDir);
        List<Bar> bars = reader.barsInTimeOrder();
        RunChecks.requireBars(bars, reader, barsDir);
        RunChecks.preflight(config);
        out.printf(
                Locale.ROOT,
                "read %,d bars from %d files (%s), %,d rows rejected%n",
                bars.size(),
                reader.files(),
                barsDir == null ? "bundled sample" : barsDir.toString(),
                reader.rejected().size());

        Path work = Files.createTempDirectory("hardneg-demo-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            out.println("Kafka broker (KRaft) ready on " + kafka.bootstrapServers());
            HardnegConfig run =
                    config.with(
                            Map.of(
                                    HardnegOptions.KAFKA_BOOTSTRAP_SERVERS.key(),
                                    kafka.bootstrapServers()));
            String barTopic = run.get(HardnegOptions.TOPIC_BARS);
            String resultTopic = run.get(HardnegOptions.TOPIC_RESULTS);
            String deadTopic = run.get(HardnegOptions.TOPIC_DEAD_LETTERS);
            kafka.createTopic(barTopic, BAR_PARTITIONS, Map.of());
            kafka.createTopic(resultTopic, BAR_PARTITIONS, Map.of());
            kafka.createTopic(deadTopic, 1, Map.of());
            kafka.createTopic(run.get(HardnegOptions.TOPIC_STATS), 1, Map.of());

            Progress progress = new Progress(out);
            TopicIo.publishBars(
                    kafka.bootstrapServers(),
                    barTopic,
                    bars,
                    n -> progress.show("published bars", n, bars.size()));
            progress.done();

            StreamExecutionEnvironment env =
                    LocalFlink.environment(run, parallelism(run), work.resolve("checkpoints"));
            HardnegJob.buildKafka(env, run, true);
            List<String> results = new ArrayList<>();
            try (TopicIo.CommittedReader resultReader =
                    new TopicIo.CommittedReader(kafka.bootstrapServers(), resultTopic)) {
                long jobStart = System.nanoTime();
                JobClient job = env.executeAsync("hardneg-demo");
                out.println("Flink job " + job.getJobID() + " running (RocksDB, checkpoints on)");
                // The local cluster shuts down with the job, so wait on the result, not the status.
                CompletableFuture<JobExecutionResult> finished = job.getJobExecutionResult();
                while (!finished.isDone()) {
                    results.addAll(resultReader.poll(Duration.ofMillis(1000)));
                    progress.show("committed results", results.size(), -1);
                }
                finished.get();
                results.addAll(resultReader.drain());
                progress.show("committed results", results.size(), -1);
                progress.done();
                double jobSeconds = (System.nanoTime() - jobStart) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "job finished in %.1f s, cluster start and final commit included"
                                + " (%,.0f bars/s)%n",
                        jobSeconds,
                        bars.size() / jobSeconds);
            }
            List<String> deadLetters;
            try (TopicIo.CommittedReader deadReader =
                    new TopicIo.CommittedReader(kafka.bootstrapServers(), deadTopic)) {
                deadLetters = deadReader.drain();
            }
            if (reportDir != null) {
                Path page = MiningReport.writeReport(results, reportDir, bars, SectorMap.load(""));
                out.println("report written to " + page.toAbsolutePath());
            }
            return new RunSummary(
                    bars.size(),
                    reader.rejected(),
                    reader.emptyFiles(),
                    deadLetters,
                    results,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    /** One progress line, rewritten in place on a terminal. */
    static final class Progress {
        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private long lastPrint;

        Progress(PrintStream out) {
            this.out = out;
        }

        void show(String what, int done, int total) {
            long now = System.nanoTime();
            if (!terminal && now - lastPrint < 2_000_000_000L && done != total) {
                return;
            }
            lastPrint = now;
            String text =
                    total > 0
                            ? String.format(
                                    Locale.ROOT,
                                    "%s %,d / %,d (%d%%)",
                                    what,
                                    done,
                                    total,
                                    100L * done / total)
                            : String.format(Locale.ROOT, "%s %,d", what, done);
            out.print(terminal ? "\r" + text + "   " : text + "\n");
            out.flush();
        }

        void done() {
            if (terminal) {
                out.println();
            }
        }
    }
}
