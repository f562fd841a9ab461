package io.hardneg.it.cluster;

import io.hardneg.bars.Bar;
import io.hardneg.it.CommittedResults;
import io.hardneg.local.BackfillRunner;
import io.hardneg.local.TopicIo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One scenario's own topics, consumer group, transactional ids and checkpoint directory on the
 * shared clusters, the bars it publishes slice by slice, and its read-committed view of the
 * results.
 */
final class ScenarioRun implements AutoCloseable {
    static final int PARTITIONS = 4;

    private final String name;
    private final KafkaCluster kafka;
    private final Path checkpoints;
    private final String results;
    private final String bars;
    private final List<String> committed = new ArrayList<>();
    private final long started = System.nanoTime();
    private TopicIo.CommittedReader reader;

    ScenarioRun(String name, KafkaCluster kafka, Path dir) throws IOException {
        this.name = name;
        this.kafka = kafka;
        this.checkpoints = dir.resolve("checkpoints-" + name);
        this.bars = "bars-" + name;
        this.results = "results-" + name;
        kafka.createTopic(bars, PARTITIONS);
        kafka.createTopic(results, PARTITIONS);
        kafka.createTopic("dead-letters-" + name, 1);
        kafka.createTopic("stats-" + name, 1);
        reader = new TopicIo.CommittedReader(kafka.bootstrapServers(), results, PARTITIONS);
    }

    /**
     * Arguments of {@code hardneg-job.jar}: the run command with this scenario's topics, the
     * settings of the reference run, and no idle-partition timeout, so that bars published in
     * slices are never late whatever the pace.
     */
    List<String> programArgs(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("run"));
        Map<String, String> mine =
                Map.of(
                        "kafka.bootstrap.servers",
                        kafka.bootstrapServers(),
                        "topic.bars",
                        bars,
                        "topic.results",
                        results,
                        "topic.dead-letters",
                        "dead-letters-" + name,
                        "topic.stats",
                        "stats-" + name,
                        "kafka.group.id",
                        "hardneg-" + name,
                        "sink.transactional-id-prefix",
                        "hardneg-" + name,
                        "checkpoint.dir",
                        checkpoints.toUri().toString());
        for (Map<String, String> m : List.of(settings, mine)) {
            m.forEach(
                    (k, v) -> {
                        args.add("--set");
                        args.add(k + "=" + v);
                    });
        }
        return args;
    }

    String name() {
        return name;
    }

    void publish(List<Bar> slice) {
        TopicIo.publishBars(kafka.bootstrapServers(), bars, slice, n -> {});
    }

    int committed() {
        return committed.size();
    }

    /**
     * Reads committed results until more than {@code count} are there; fails after {@code timeout}
     * with {@code diagnostics} (process logs) in the message.
     */
    void awaitMoreThan(int count, Duration timeout, String what, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed.size() <= count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name
                                + ": "
                                + what
                                + " did not happen within "
                                + timeout.toSeconds()
                                + " s (committed "
                                + committed.size()
                                + ", waiting for more than "
                                + count
                                + ")\n"
                                + diagnostics.get());
            }
            committed.addAll(reader.poll(Duration.ofMillis(500)));
        }
    }

    /**
     * Reads on for {@code settle} after the last expected result: anything written twice by a
     * restored job would be committed by then (several checkpoints complete meanwhile).
     */
    void settle(Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            committed.addAll(reader.poll(Duration.ofMillis(500)));
        }
    }

    /** The committed results, normalised and sorted like the expected ones. */
    List<String> committedSorted() {
        List<String> sorted = CommittedResults.normalise(committed);
        BackfillRunner.sortByAnchor(sorted);
        return sorted;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The newest retained checkpoint of a job, as an operator would look it up. */
    String latestCheckpoint(String jobId) throws IOException {
        Path jobDir = checkpoints.resolve(jobId);
        return CommittedResults.newestCheckpoint(jobDir, 1)
                .orElseThrow(
                        () -> new AssertionError(name + ": no retained checkpoint under " + jobDir))
                .toUri()
                .toString();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
