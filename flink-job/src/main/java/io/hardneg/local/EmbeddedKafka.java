package io.hardneg.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Kafka broker in KRaft mode, run from Kafka's own classes as a child process, every
 * listener bound to 127.0.0.1, data in a directory that is deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** System property that overrides the class path the broker is started with. */
    public static final String CLASSPATH_PROPERTY = "hardneg.kafka.classpath";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Process process;
    private final String bootstrap;
    private final Path log;

    private EmbeddedKafka(Path dir, Process process, String bootstrap, Path log) {
        this.dir = dir;
        this.process = process;
        this.bootstrap = bootstrap;
        this.log = log;
    }

    /** Formats a fresh log directory under {@code dir} and starts the broker; waits until ready. */
    public static EmbeddedKafka start(Path dir) throws IOException {
        Files.createDirectories(dir);
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path properties = dir.resolve("server.properties");
        Files.writeString(
                properties,
                serverProperties(dir.resolve("data"), brokerPort, controllerPort),
                StandardCharsets.UTF_8);
        Path log = dir.resolve("broker.log");
        String clusterId = Uuid.randomUuid().toString();
        runToCompletion(
                List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId,
                        "-c",
                        properties.toString(),
                        "--standalone"),
                dir.resolve("format.log"));
        Process broker =
                java(List.of("kafka.Kafka", properties.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        EmbeddedKafka kafka = new EmbeddedKafka(dir, broker, "127.0.0.1:" + brokerPort, log);
        try {
            kafka.awaitReady();
        } catch (IOException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** Creates a topic unless it exists. */
    public void createTopic(String name, int partitions, Map<String, String> configs)
            throws IOException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("cannot create topic " + name + ": " + e.getCause(), e);
            }
        } catch (Exception e) {
            throw new IOException("cannot create topic " + name + ": " + e, e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the Kafka broker exited with code "
                                + process.exitValue()
                                + "; its log "
                                + log
                                + " ends with:\n"
                                + tail(log));
            }
            try (Admin admin = Admin.create(adminProperties())) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IOException(
                "the Kafka broker did not answer within "
                        + READY_TIMEOUT.toSeconds()
                        + " s (last error: "
                        + last
                        + "); its log "
                        + log
                        + " ends with:\n"
                        + tail(log));
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("request.timeout.ms", "5000");
        p.setProperty("default.api.timeout.ms", "10000");
        return p;
    }

    /**
     * CPU time the broker process has used so far, in nanoseconds; -1 where the OS does not say.
     */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(dir);
    }

    static String serverProperties(Path data, int brokerPort, int controllerPort) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + data,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static void runToCompletion(List<String> args, Path output) throws IOException {
        Process p = java(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", args) + "' did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting the Kafka log directory", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "formatting the Kafka log directory failed (exit "
                            + p.exitValue()
                            + "):\n"
                            + tail(output));
        }
    }

    private static ProcessBuilder java(List<String> mainAndArgs) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath =
                System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command);
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
