package io.hardneg.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.JobID;

/**
 * Checkpoint figures of a running job as its JobManager's REST API reports them ({@code GET
 * /jobs/<id>/checkpoints}). "Checkpointed" bytes are what one checkpoint uploaded (with incremental
 * RocksDB checkpoints, the new SST files); "full" bytes are the whole state it refers to.
 */
public record CheckpointStats(
        long completed,
        long failed,
        long incrementalP50Bytes,
        long incrementalMaxBytes,
        long durationP50Ms,
        long durationMaxMs,
        long lastFullBytes,
        long lastIncrementalBytes,
        long lastDurationMs,
        String lastFailure) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads the statistics from the REST endpoint on 127.0.0.1 at {@code restPort}. */
    public static CheckpointStats fetch(int restPort, JobID job)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job + "/checkpoints");
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(MAPPER.readTree(response.body()));
    }

    static CheckpointStats parse(JsonNode root) {
        JsonNode summary = root.path("summary");
        JsonNode last = root.path("latest").path("completed");
        return new CheckpointStats(
                root.path("counts").path("completed").asLong(),
                root.path("counts").path("failed").asLong(),
                summary.path("checkpointed_size").path("p50").asLong(),
                summary.path("checkpointed_size").path("max").asLong(),
                summary.path("end_to_end_duration").path("p50").asLong(),
                summary.path("end_to_end_duration").path("max").asLong(),
                last.path("state_size").asLong(),
                last.path("checkpointed_size").asLong(),
                last.path("end_to_end_duration").asLong(),
                root.path("latest").path("failed").path("failure_message").asText(""));
    }

    /** Two lines for a report. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "checkpoints: %d completed, %d failed; uploaded per checkpoint p50 %s, max %s;"
                        + " duration p50 %,d ms, max %,d ms%n"
                        + "last checkpoint: full state %s, uploaded %s, %,d ms%n%s",
                completed,
                failed,
                bytes(incrementalP50Bytes),
                bytes(incrementalMaxBytes),
                durationP50Ms,
                durationMaxMs,
                bytes(lastFullBytes),
                bytes(lastIncrementalBytes),
                lastDurationMs,
                lastFailure.isEmpty()
                        ? ""
                        : "last failed checkpoint: " + lastFailure + System.lineSeparator());
    }

    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
