package io.hardneg.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.bars.Bar;
import io.hardneg.config.HardnegConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on real, separate processes (a Flink session cluster with ZooKeeper high availability,
 * three Kafka brokers, ZooKeeper) under the faults operators meet: TaskManagers, a broker and the
 * JobManager killed with SIGKILL, and stop-with-savepoint with rescaling. In each scenario the
 * results committed to Kafka (read_committed) must equal those of a failure-free run of the same
 * bars, result by result: none lost, none duplicated, the memory bank carried across.
 *
 * <p>The clusters are shared; each scenario has its own topics, consumer group, transactional ids
 * and checkpoint directory. Bars are published in slices so that every fault hits a job in the
 * middle of its input. A line per scenario goes to target/fault-report.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultITCase {
    private static final Path JOB_JAR = Path.of("..", "flink-job", "target", "hardneg-job.jar");

    /** The reference run's settings, which every submitted job gets too. */
    private static final Map<String, String> SETTINGS =
            Map.of(
                    "checkpoint.interval.ms", "1000",
                    "encoder.batch.max-wait.ms", "5",
                    "source.idle-timeout.ms", "0");

    private static final int SLICES = 6;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE = Duration.ofSeconds(4);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private List<String> expected;
    private List<List<Bar>> slices;
    private ZooKeeperProcess zooKeeper;
    private KafkaCluster kafka;
    private FlinkCluster flink;

    @BeforeAll
    void startClusters() throws Exception {
        assertThat(JOB_JAR)
                .as("the shaded job jar; build it first (./mvnw -B install -pl flink-job -am)")
                .exists();
        Files.deleteIfExists(FaultReport.FILE);
        HardnegConfig config = HardnegConfig.defaults().with(SETTINGS);
        expected = ReferenceRun.expected(config, dir.resolve("reference"));
        assertThat(expected).as("results of the failure-free run").isNotEmpty();
        slices = ReferenceRun.slices(SLICES);
        try {
            zooKeeper = ZooKeeperProcess.start(dir.resolve("zookeeper"));
            kafka = KafkaCluster.start(dir.resolve("kafka"));
            flink = FlinkCluster.start(dir.resolve("flink-ha"), zooKeeper.quorum(), 2);
        } catch (Exception e) {
            stopClusters();
            throw e;
        }
    }

    @AfterAll
    void stopClusters() {
        try {
            if (flink != null) {
                flink.close();
            }
        } finally {
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } finally {
                if (zooKeeper != null) {
                    zooKeeper.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void taskManagerKilledFiveTimesLosesAndDuplicatesNothing() throws Exception {
        try (ScenarioRun run = new ScenarioRun("tm-kill", kafka, dir)) {
            String job = flink.submit(JOB_JAR, 2, null, run.programArgs(SETTINGS));
            try {
                run.publish(slices.get(0));
                int before = 0;
                for (int kill = 1; kill <= 5; kill++) {
                    run.awaitMoreThan(
                            before, STEP_TIMEOUT, "results before kill " + kill, this::logs);
                    before = run.committed();
                    run.publish(slices.get(kill));
                    String victim = busyTaskManager(job);
                    flink.killTaskManager(victim);
                    flink.startTaskManager();
                }
                finish(run, "5 TaskManager SIGKILLs, each replaced");
            } finally {
                flink.rest().cancel(job);
            }
        }
    }

    @Test
    @Order(2)
    void brokerKilledAndRestartedLosesAndDuplicatesNothing() throws Exception {
        try (ScenarioRun run = new ScenarioRun("broker-kill", kafka, dir)) {
            String job = flink.submit(JOB_JAR, 2, null, run.programArgs(SETTINGS));
            try {
                publish(run, 0, 2);
                run.awaitMoreThan(0, STEP_TIMEOUT, "results before the broker kill", this::logs);
                int before = run.committed();
                kafka.kill(1);
                publish(run, 2, 4);
                run.awaitMoreThan(before, STEP_TIMEOUT, "results with one broker down", this::logs);
                kafka.restart(1);
                publish(run, 4, SLICES);
                finish(run, "broker 2 SIGKILLed, results committed without it, restarted");
            } finally {
                flink.rest().cancel(job);
            }
        }
    }

    @Test
    @Order(3)
    void jobManagerKilledWithHighAvailabilityRecoversByItself() throws Exception {
        try (ScenarioRun run = new ScenarioRun("jm-kill-ha", kafka, dir)) {
            String job = flink.submit(JOB_JAR, 2, null, run.programArgs(SETTINGS));
            try {
                publish(run, 0, 2);
                run.awaitMoreThan(
                        0, STEP_TIMEOUT, "results before the JobManager kill", this::logs);
                publish(run, 2, 3);
                flink.killJobManager();
                flink.startJobManager();
                publish(run, 3, SLICES);
                finish(run, "JobManager SIGKILLed and restarted; job " + job + " recovered by HA");
                assertThat(flink.rest().jobState(job))
                        .as("the same job, recovered from ZooKeeper")
                        .isEqualTo("RUNNING");
            } finally {
                flink.rest().cancel(job);
            }
        }
    }

    @Test
    @Order(4)
    void stopWithSavepointAndRescaleLosesAndDuplicatesNothing() throws Exception {
        try (ScenarioRun run = new ScenarioRun("rescale", kafka, dir)) {
            String savepoints = dir.resolve("savepoints-rescale").toUri().toString();
            String job = flink.submit(JOB_JAR, 2, null, run.programArgs(SETTINGS));
            try {
                publish(run, 0, 2);
                run.awaitMoreThan(0, STEP_TIMEOUT, "results at parallelism 2", this::logs);
                flink.rest().awaitAllRunning(job, STEP_TIMEOUT);
                String first = flink.rest().stopWithSavepoint(job, savepoints, STEP_TIMEOUT);

                job = flink.submit(JOB_JAR, 4, first, run.programArgs(SETTINGS));
                flink.rest().awaitAllRunning(job, STEP_TIMEOUT);
                // What the first job committed with its savepoint is read before counting, so
                // that the next wait is for results of the job at parallelism 4.
                run.settle(SETTLE);
                int before = run.committed();
                publish(run, 2, 4);
                run.awaitMoreThan(before, STEP_TIMEOUT, "results at parallelism 4", this::logs);
                String second = flink.rest().stopWithSavepoint(job, savepoints, STEP_TIMEOUT);

                job = flink.submit(JOB_JAR, 1, second, run.programArgs(SETTINGS));
                publish(run, 4, SLICES);
                finish(run, "stop-with-savepoint at p=2 -> p=4 -> p=1");
            } finally {
                flink.rest().cancel(job);
            }
        }
    }

    /**
     * Without high availability a JobManager loss ends the job; the operator starts the JobManager
     * again and resubmits from the newest retained checkpoint.
     */
    @Test
    @Order(5)
    void jobManagerKilledWithoutHighAvailabilityResumesFromRetainedCheckpoint() throws Exception {
        flink.close();
        flink = FlinkCluster.start(dir.resolve("flink-plain"), null, 2);
        try (ScenarioRun run = new ScenarioRun("jm-kill-no-ha", kafka, dir)) {
            String job = flink.submit(JOB_JAR, 2, null, run.programArgs(SETTINGS));
            String resumed = null;
            try {
                publish(run, 0, 2);
                run.awaitMoreThan(
                        0, STEP_TIMEOUT, "results before the JobManager kill", this::logs);
                publish(run, 2, 3);
                flink.killJobManager();
                flink.startJobManager();
                flink.awaitTaskManagers(2);
                String checkpoint = run.latestCheckpoint(job);
                resumed = flink.submit(JOB_JAR, 2, checkpoint, run.programArgs(SETTINGS));
                publish(run, 3, SLICES);
                finish(
                        run,
                        "JobManager SIGKILLed, job resubmitted from " + checkpointName(checkpoint));
            } finally {
                if (resumed != null) {
                    flink.rest().cancel(resumed);
                }
            }
        }
    }

    private void publish(ScenarioRun run, int from, int to) {
        for (int i = from; i < to; i++) {
            run.publish(slices.get(i));
        }
    }

    /** Waits for every expected result, reads on a little, compares and reports. */
    private void finish(ScenarioRun run, String notes) throws Exception {
        run.awaitMoreThan(expected.size() - 1, STEP_TIMEOUT, "all expected results", this::logs);
        run.settle(SETTLE);
        List<String> committed = run.committedSorted();
        FaultReport report =
                FaultReport.compare(run.name(), expected, committed, run.elapsed(), notes);
        report.publish();
        assertThat(report.lost()).as("results lost").isZero();
        assertThat(report.duplicated()).as("results duplicated").isZero();
        assertThat(report.unexpected()).as("results not in the failure-free run").isZero();
        assertThat(committed).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(committed.get(i)).as("result %d", i).isEqualTo(expected.get(i));
        }
    }

    /** A TaskManager that runs some of the job's tasks, once the job is running again. */
    private String busyTaskManager(String job) throws Exception {
        try {
            return Poll.every(Duration.ofMillis(500), STEP_TIMEOUT)
                    .until(
                            () -> {
                                Set<String> busy = flink.rest().taskManagersOf(job);
                                return flink.taskManagerIds().stream()
                                        .filter(busy::contains)
                                        .findFirst();
                            },
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "job "
                            + job
                            + " did not run on any TaskManager within "
                            + STEP_TIMEOUT.toSeconds()
                            + " s\n"
                            + logs(),
                    e);
        }
    }

    private static String checkpointName(String uri) {
        return uri.replaceAll(".*/(chk-[0-9]+)/?$", "$1");
    }

    private String logs() {
        return (flink == null ? "" : flink.logTails()) + (kafka == null ? "" : kafka.logTails());
    }
}
