package io.hardneg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.bars.Bar;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.HardnegJob;
import io.hardneg.local.BackfillRunner;
import io.hardneg.local.EmbeddedKafka;
import io.hardneg.local.LocalFlink;
import io.hardneg.local.SampleBars;
import io.hardneg.local.TopicIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job is cancelled mid-stream, then restarted from its last retained checkpoint, as
 * an operator without high availability would do. The results committed to Kafka (read with
 * read_committed) must equal those of an uninterrupted run, result by result: none lost, none
 * duplicated, the memory bank carried across.
 */
class ExactlyOnceRestartITCase {
    private static final int PARTITIONS = 4;

    @Test
    void cancelAndRestoreFromCheckpointLosesAndDuplicatesNothing(@TempDir Path dir)
            throws Exception {
        HardnegConfig base =
                HardnegConfig.defaults()
                        .with(
                                Map.of(
                                        HardnegOptions.CHECKPOINT_INTERVAL_MS.key(), "1000",
                                        HardnegOptions.ENCODER_BATCH_MAX_WAIT_MS.key(), "5"));
        List<String> expected = uninterruptedRun(base, dir.resolve("backfill"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            HardnegConfig config =
                    base.with(HardnegOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            String bars = config.get(HardnegOptions.TOPIC_BARS);
            String results = config.get(HardnegOptions.TOPIC_RESULTS);
            kafka.createTopic(bars, PARTITIONS, Map.of());
            kafka.createTopic(results, PARTITIONS, Map.of());
            kafka.createTopic(config.get(HardnegOptions.TOPIC_DEAD_LETTERS), 1, Map.of());
            kafka.createTopic(config.get(HardnegOptions.TOPIC_STATS), 1, Map.of());
            TopicIo.publishBars(kafka.bootstrapServers(), bars, sampleWithFlush(), n -> {});

            Path checkpoints = dir.resolve("checkpoints");
            List<String> committed = new ArrayList<>();
            try (TopicIo.CommittedReader reader =
                    new TopicIo.CommittedReader(kafka.bootstrapServers(), results)) {
                JobClient first = start(config, checkpoints, null);
                awaitAtLeast(reader, committed, expected.size() / 3);
                first.cancel().get();
                int beforeRestart = committed.size();
                assertThat(beforeRestart).isLessThan(expected.size());

                Path latest = latestCheckpoint(checkpoints);
                JobClient second = start(config, checkpoints, latest);
                awaitAtLeast(reader, committed, expected.size());
                // Anything the restored job wrote twice would be committed by now: one more
                // checkpoint has completed after the last expected result.
                committed.addAll(reader.poll(Duration.ofSeconds(3)));
                second.cancel().get();
                System.out.printf(
                        "restart scenario: expected %d, committed %d (before restart %d),"
                                + " lost %d, duplicated %d%n",
                        expected.size(),
                        committed.size(),
                        beforeRestart,
                        lost(expected, committed),
                        committed.size() - new HashSet<>(committed).size());
            }
            List<String> normalised = CommittedResults.normalise(committed);
            BackfillRunner.sortByAnchor(normalised);
            assertThat(normalised).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(normalised.get(i)).as("result %d", i).isEqualTo(expected.get(i));
            }
        }
    }

    /** The sample's bars, then one far later bar per partition so every window is released. */
    private static List<Bar> sampleWithFlush() throws IOException {
        List<Bar> bars = new ArrayList<>(SampleBars.read().barsInTimeOrder());
        long last = bars.get(bars.size() - 1).time;
        for (int i = 0; i < 16; i++) {
            bars.add(new Bar("ZZFLUSH" + i, last + 86_400_000L * 30, 1, 1, 1, 1, 1));
        }
        return bars;
    }

    private static List<String> uninterruptedRun(HardnegConfig config, Path dir) throws Exception {
        Path barsDir = dir.resolve("bars");
        SampleBars.copyTo(barsDir);
        Path out = dir.resolve("results.jsonl");
        BackfillRunner.run(
                barsDir,
                out,
                config,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return CommittedResults.normalise(Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    private static JobClient start(HardnegConfig config, Path checkpoints, Path restoreFrom)
            throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(config, 2, checkpoints);
        if (restoreFrom != null) {
            env.configure(
                    org.apache.flink.configuration.Configuration.fromMap(
                            Map.of(
                                    "execution.state-recovery.path",
                                    restoreFrom.toUri().toString())));
        }
        HardnegJob.buildKafka(env, config, false);
        return env.executeAsync("hardneg-restart-test");
    }

    private static void awaitAtLeast(
            TopicIo.CommittedReader reader, List<String> committed, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (committed.size() < count) {
            assertThat(System.nanoTime()).as("results committed in time").isLessThan(deadline);
            committed.addAll(reader.poll(Duration.ofMillis(500)));
        }
    }

    private static Path latestCheckpoint(Path checkpoints) throws IOException {
        Optional<Path> latest = CommittedResults.newestCheckpoint(checkpoints, 2);
        assertThat(latest).as("a retained checkpoint under %s", checkpoints).isPresent();
        return latest.get();
    }

    private static long lost(List<String> expected, List<String> committed) {
        var have = new HashSet<>(CommittedResults.normalise(committed));
        return expected.stream().filter(e -> !have.contains(e)).count();
    }
}
