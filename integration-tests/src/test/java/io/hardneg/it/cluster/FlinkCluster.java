package io.hardneg.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Flink standalone session cluster from Flink's Maven artifacts: one JobManager and some
 * TaskManagers, each its own JVM on 127.0.0.1, sharing a config.yaml written here. With a ZooKeeper
 * quorum it runs with ZooKeeper high availability. Jobs are submitted with Flink's command line
 * ({@code flink run -d}) in a further JVM, as an operator would.
 */
final class FlinkCluster implements AutoCloseable {
    static final int SLOTS_PER_TASK_MANAGER = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(240);
    private static final Pattern SUBMITTED =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    /** The JVM flags Flink's own scripts pass on Java 17. */
    private static final List<String> OPENS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
                    "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private final Path dir;
    private final Path confDir;
    private final String classpath;
    private final int restPort;
    private final FlinkRest rest;
    private final Map<String, JvmProcess> taskManagers = new LinkedHashMap<>();
    private final List<JvmProcess> finished = new ArrayList<>();
    private JvmProcess jobManager;
    private int jobManagerStarts;
    private int taskManagerStarts;

    private FlinkCluster(Path dir, int restPort) {
        this.dir = dir;
        this.confDir = dir.resolve("conf");
        this.classpath = ClassPaths.flink();
        this.restPort = restPort;
        this.rest = new FlinkRest(restPort);
    }

    /**
     * Writes the configuration and starts the JobManager and {@code taskManagers} TaskManagers;
     * {@code zooKeeperQuorum} null means no high availability.
     */
    static FlinkCluster start(Path dir, String zooKeeperQuorum, int taskManagers)
            throws IOException {
        FlinkCluster cluster = new FlinkCluster(dir, Ports.free());
        try {
            cluster.writeConfig(zooKeeperQuorum);
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers);
        } catch (IOException | RuntimeException e) {
            String logs = cluster.logTails();
            cluster.close();
            throw new IOException(e.getMessage() + "\n" + logs, e);
        }
        return cluster;
    }

    FlinkRest rest() {
        return rest;
    }

    private void writeConfig(String zooKeeperQuorum) throws IOException {
        Files.createDirectories(confDir);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(Ports.free()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        // The shaded job jar (ONNX Runtime's natives for every platform) is over 100 MiB, the
        // default limit of a REST request.
        c.put("rest.server.max-content-length", "268435456");
        c.put("rest.client.max-content-length", "268435456");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(SLOTS_PER_TASK_MANAGER));
        c.put("cluster.evenly-spread-out-slots", "true");
        c.put("parallelism.default", "2");
        // Small processes: 2 cores and a few GiB for the whole suite.
        c.put("jobmanager.memory.process.size", "800m");
        c.put("jobmanager.memory.jvm-metaspace.size", "192m");
        c.put("jobmanager.memory.jvm-overhead.min", "128m");
        // A TaskManagerRunner started without Flink's scripts gets no derived memory settings,
        // so every component is given here: heap 128m + 352m = -Xmx480m, direct 64m + 64m + 32m =
        // -XX:MaxDirectMemorySize=160m (see startTaskManager), and a core per TaskManager.
        c.put("taskmanager.cpu.cores", "1.0");
        c.put("taskmanager.memory.framework.heap.size", "128m");
        c.put("taskmanager.memory.task.heap.size", "352m");
        c.put("taskmanager.memory.framework.off-heap.size", "64m");
        c.put("taskmanager.memory.task.off-heap.size", "64m");
        c.put("taskmanager.memory.network.min", "32m");
        c.put("taskmanager.memory.network.max", "32m");
        c.put("taskmanager.memory.managed.size", "128m");
        c.put("taskmanager.memory.jvm-metaspace.size", "192m");
        c.put("taskmanager.memory.jvm-overhead.min", "128m");
        c.put("taskmanager.memory.jvm-overhead.max", "128m");
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("state.backend.type", "rocksdb");
        c.put("execution.checkpointing.incremental", "true");
        c.put("execution.checkpointing.interval", "1 s");
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve("savepoints").toUri().toString());
        c.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        c.put("execution.checkpointing.num-retained", "3");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "1000");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        // A killed TaskManager or JobManager is noticed within 10 s rather than 50.
        c.put("heartbeat.interval", "2 s");
        c.put("heartbeat.timeout", "10 s");
        c.put("pekko.ask.timeout", "30 s");
        if (zooKeeperQuorum != null) {
            c.put("high-availability.type", "zookeeper");
            c.put("high-availability.zookeeper.quorum", zooKeeperQuorum);
            c.put("high-availability.zookeeper.path.root", "/flink");
            c.put("high-availability.cluster-id", "/hardneg-fault-suite");
            c.put("high-availability.storageDir", dir.resolve("ha").toUri().toString());
            // A dead leader's ZooKeeper session (and so its leadership) ends after 8 s, not 60.
            c.put("high-availability.zookeeper.client.session-timeout", "8000");
            c.put("high-availability.zookeeper.client.connection-timeout", "5000");
        }
        StringBuilder yaml = new StringBuilder();
        c.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
        Files.writeString(
                confDir.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.console.ref = console",
                        "appender.console.type = Console",
                        "appender.console.name = console",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        "logger.kafka.name = org.apache.kafka",
                        "logger.kafka.level = WARN",
                        "logger.zk.name = org.apache.flink.shaded.zookeeper3",
                        "logger.zk.level = WARN",
                        "logger.curator.name = org.apache.flink.shaded.curator5",
                        "logger.curator.level = WARN",
                        ""),
                StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9_./:-]+") ? value : "'" + value + "'";
    }

    void startJobManager() throws IOException {
        jobManagerStarts++;
        jobManager =
                JvmProcess.start(
                        "jobmanager-" + jobManagerStarts,
                        classpath,
                        jvmOptions("-Xmx352m", "-XX:MaxMetaspaceSize=192m"),
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        List.of("--configDir", confDir.toString()),
                        Map.of(),
                        dir.resolve("logs/jobmanager-" + jobManagerStarts + ".log"));
    }

    /** SIGKILL of the JobManager. */
    void killJobManager() {
        jobManager.kill();
        finished.add(jobManager);
    }

    /** Starts a TaskManager with a fresh resource id and returns that id. */
    String startTaskManager() throws IOException {
        taskManagerStarts++;
        String id = "tm-" + taskManagerStarts;
        taskManagers.put(
                id,
                JvmProcess.start(
                        id,
                        classpath,
                        jvmOptions(
                                "-Xmx480m",
                                "-Xms480m",
                                "-XX:MaxDirectMemorySize=160m",
                                "-XX:MaxMetaspaceSize=192m"),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        List.of(
                                "--configDir",
                                confDir.toString(),
                                "-Dtaskmanager.resource-id=" + id),
                        Map.of(),
                        dir.resolve("logs/" + id + ".log")));
        return id;
    }

    /** Resource ids of the TaskManagers this harness started and has not killed. */
    List<String> taskManagerIds() {
        return new ArrayList<>(taskManagers.keySet());
    }

    /** SIGKILL of a TaskManager by resource id. */
    void killTaskManager(String id) {
        JvmProcess tm = taskManagers.remove(id);
        if (tm == null) {
            throw new IllegalArgumentException(
                    "no running TaskManager " + id + "; running: " + taskManagers.keySet());
        }
        tm.kill();
        finished.add(tm);
    }

    /** Waits until exactly {@code count} TaskManagers are registered. */
    void awaitTaskManagers(int count) throws IOException {
        AtomicInteger seen = new AtomicInteger(-1);
        try {
            Poll.every(Duration.ofMillis(500), READY_TIMEOUT)
                    .until(
                            () -> {
                                jobManager.requireAlive(60);
                                seen.set(rest.taskManagers());
                                return seen.get() == count;
                            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "the JobManager did not show "
                            + count
                            + " TaskManagers within "
                            + READY_TIMEOUT.toSeconds()
                            + " s (saw "
                            + seen.get()
                            + ")",
                    e);
        }
    }

    /**
     * Submits the job jar detached, as {@code flink run -d -p P [-s PATH] JAR ARGS...}, and returns
     * its job id.
     */
    String submit(Path jar, int parallelism, String restoreFrom, List<String> programArgs)
            throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(List.of("run", "-d", "-p", Integer.toString(parallelism)));
        if (restoreFrom != null) {
            args.add("-s");
            args.add(restoreFrom);
        }
        args.add(jar.toString());
        args.addAll(programArgs);
        Path log = dir.resolve("logs/client-" + System.nanoTime() + ".log");
        JvmProcess client =
                JvmProcess.start(
                        "flink-cli",
                        classpath,
                        jvmOptions("-Xmx384m"),
                        "org.apache.flink.client.cli.CliFrontend",
                        args,
                        Map.of("FLINK_CONF_DIR", confDir.toString()),
                        log);
        if (!client.waitFor(SUBMIT_TIMEOUT.toSeconds())) {
            client.kill();
            throw new IOException(
                    "flink run did not return within "
                            + SUBMIT_TIMEOUT.toSeconds()
                            + " s; its output ends with:\n"
                            + client.tail(40));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher m = SUBMITTED.matcher(output);
        if (client.exitValue() != 0 || !m.find()) {
            throw new IOException(
                    "flink run failed (exit "
                            + client.exitValue()
                            + "); its output ends with:\n"
                            + client.tail(60));
        }
        return m.group(1);
    }

    private List<String> jvmOptions(String... memory) {
        List<String> options = new ArrayList<>(List.of(memory));
        options.add("-XX:+UseSerialGC");
        options.add("-Djava.net.preferIPv4Stack=true");
        options.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        options.addAll(OPENS);
        // The search kernel of mine-negatives uses the Vector API when the module is resolved.
        options.add("--add-modules=jdk.incubator.vector");
        return options;
    }

    /** The last lines of every Flink process log, for a failure message. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        List<JvmProcess> all = new ArrayList<>(finished);
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.addAll(taskManagers.values());
        for (JvmProcess p : all) {
            out.append("--- ").append(p).append('\n').append(p.tail(30)).append('\n');
        }
        return out.toString();
    }

    Path logDir() {
        return dir.resolve("logs");
    }

    @Override
    public void close() {
        for (JvmProcess tm : taskManagers.values()) {
            tm.close();
        }
        taskManagers.clear();
        if (jobManager != null) {
            jobManager.close();
        }
    }
}
