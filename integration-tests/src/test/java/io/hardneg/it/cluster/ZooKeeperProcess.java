package io.hardneg.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** A standalone ZooKeeper server on 127.0.0.1, for Flink's high-availability services. */
final class ZooKeeperProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final JvmProcess process;
    private final int port;

    private ZooKeeperProcess(JvmProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static ZooKeeperProcess start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port = Ports.free();
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "tickTime=500",
                        "dataDir=" + dir.resolve("data"),
                        "clientPort=" + port,
                        "clientPortAddress=127.0.0.1",
                        "maxClientCnxns=0",
                        "admin.enableServer=false",
                        "4lw.commands.whitelist=ruok",
                        ""),
                StandardCharsets.UTF_8);
        JvmProcess process =
                JvmProcess.start(
                        "zookeeper",
                        ClassPaths.servers(),
                        List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true"),
                        "org.apache.zookeeper.server.ZooKeeperServerMain",
                        List.of(cfg.toString()),
                        Map.of(),
                        dir.resolve("zookeeper.log"));
        ZooKeeperProcess zk = new ZooKeeperProcess(process, port);
        try {
            zk.awaitReady();
        } catch (IOException | RuntimeException e) {
            zk.close();
            throw e;
        }
        return zk;
    }

    /** The quorum string for {@code high-availability.zookeeper.quorum}. */
    String quorum() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException {
        try {
            Poll.every(Duration.ofMillis(200), READY_TIMEOUT)
                    .until(
                            () -> {
                                process.requireAlive(40);
                                return "imok".equals(fourLetterWord("ruok"));
                            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "ZooKeeper did not answer 'ruok' on "
                            + quorum()
                            + " within "
                            + READY_TIMEOUT.toSeconds()
                            + " s; its log ends with:\n"
                            + process.tail(40),
                    e);
        }
    }

    private String fourLetterWord(String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
