package io.hardneg.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Three Kafka nodes in KRaft mode, each a combined broker and controller in its own JVM, every
 * listener on 127.0.0.1; replication factor 3 and min ISR 2 for internal and created topics. A node
 * can be killed and started again on its own log directory.
 */
final class KafkaCluster implements AutoCloseable {
    static final int NODES = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final int[] brokerPorts = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final JvmProcess[] nodes = new JvmProcess[NODES];

    private KafkaCluster(Path dir) {
        this.dir = dir;
    }

    static KafkaCluster start(Path dir) throws IOException, InterruptedException {
        KafkaCluster cluster = new KafkaCluster(dir);
        try {
            cluster.formatAndStart();
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void formatAndStart() throws IOException, InterruptedException {
        for (int i = 0; i < NODES; i++) {
            brokerPorts[i] = Ports.free();
            controllerPorts[i] = Ports.free();
        }
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < NODES; i++) {
            Path node = nodeDir(i);
            Files.createDirectories(node);
            Files.writeString(properties(i), serverProperties(i), StandardCharsets.UTF_8);
            JvmProcess format =
                    JvmProcess.start(
                            "kafka-format-" + id(i),
                            ClassPaths.servers(),
                            List.of("-Xmx256m", "-XX:+UseSerialGC"),
                            "kafka.tools.StorageTool",
                            List.of("format", "-t", clusterId, "-c", properties(i).toString()),
                            Map.of(),
                            node.resolve("format.log"));
            if (!format.waitFor(90) || format.exitValue() != 0) {
                format.close();
                throw new IOException(
                        "formatting Kafka node " + id(i) + " failed:\n" + format.tail(30));
            }
        }
        for (int i = 0; i < NODES; i++) {
            startNode(i);
        }
        awaitNodes(NODES);
    }

    /** Comma-separated bootstrap servers of all three brokers. */
    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : brokerPorts) {
            servers.add("127.0.0.1:" + port);
        }
        return String.join(",", servers);
    }

    /** SIGKILL of node {@code i} (0-based). */
    void kill(int i) {
        nodes[i].kill();
    }

    /** Starts node {@code i} again on its existing log directory and waits for all nodes. */
    void restart(int i) throws IOException, InterruptedException {
        startNode(i);
        awaitNodes(NODES);
    }

    /** Creates a topic with replication factor 3 and min ISR 2. */
    void createTopic(String name, int partitions) throws IOException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(name, partitions, (short) NODES)
                                            .configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("cannot create topic " + name + ": " + e, e);
        }
    }

    private void startNode(int i) throws IOException {
        nodes[i] =
                JvmProcess.start(
                        "kafka-" + id(i),
                        ClassPaths.servers(),
                        List.of(
                                "-Xmx384m",
                                "-Xms128m",
                                "-XX:+UseSerialGC",
                                "-Djava.net.preferIPv4Stack=true"),
                        "kafka.Kafka",
                        List.of(properties(i).toString()),
                        Map.of(),
                        nodeDir(i).resolve("kafka.log"));
    }

    private void awaitNodes(int count) throws IOException {
        AtomicReference<Exception> last = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger();
        try {
            Poll.every(Duration.ofMillis(500), READY_TIMEOUT)
                    .until(
                            () -> {
                                for (JvmProcess node : nodes) {
                                    if (node != null) {
                                        node.requireAlive(40);
                                    }
                                }
                                try (Admin admin = Admin.create(adminProperties())) {
                                    seen.set(
                                            admin.describeCluster()
                                                    .nodes()
                                                    .get(5, TimeUnit.SECONDS)
                                                    .size());
                                } catch (Exception e) {
                                    last.set(e);
                                }
                                return seen.get() == count;
                            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "the Kafka cluster did not show "
                            + count
                            + " brokers within "
                            + READY_TIMEOUT.toSeconds()
                            + " s (saw "
                            + seen.get()
                            + ", last error "
                            + last.get()
                            + "); logs:\n"
                            + logTails(),
                    e);
        }
    }

    String logTails() {
        StringBuilder out = new StringBuilder();
        for (JvmProcess node : nodes) {
            if (node != null) {
                out.append("--- ").append(node).append('\n').append(node.tail(25)).append('\n');
            }
        }
        return out.toString();
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers());
        p.setProperty("request.timeout.ms", "5000");
        p.setProperty("default.api.timeout.ms", "10000");
        return p;
    }

    private String serverProperties(int i) {
        String voters =
                java.util.stream.IntStream.range(0, NODES)
                        .mapToObj(n -> id(n) + "@127.0.0.1:" + controllerPorts[n])
                        .collect(Collectors.joining(","));
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=" + id(i),
                "listeners=PLAINTEXT://127.0.0.1:"
                        + brokerPorts[i]
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPorts[i],
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPorts[i],
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.voters=" + voters,
                "log.dirs=" + nodeDir(i).resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "offsets.topic.replication.factor=3",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=3",
                "share.coordinator.state.topic.min.isr=2",
                "group.initial.rebalance.delay.ms=0",
                // A killed broker is fenced after 6 s instead of 9; small thread pools for 2 cores.
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=6000",
                "num.network.threads=2",
                "num.io.threads=2",
                "num.replica.fetchers=1",
                "background.threads=2",
                "log.cleaner.threads=1",
                "");
    }

    private Path nodeDir(int i) {
        return dir.resolve("node-" + id(i));
    }

    private Path properties(int i) {
        return nodeDir(i).resolve("server.properties");
    }

    private static int id(int i) {
        return i + 1;
    }

    @Override
    public void close() {
        for (JvmProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
