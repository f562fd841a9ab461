package io.hardneg.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** The few calls of Flink's REST API an operator makes, over java.net.http. */
final class FlinkRest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
    }

    JsonNode post(String path, String json) throws IOException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) throws IOException {
        try {
            HttpResponse<String> response =
                    http.send(
                            request.timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException(
                        path + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty()
                    ? MAPPER.createObjectNode()
                    : MAPPER.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + path, e);
        }
    }

    /** Number of TaskManagers registered, or -1 when the REST endpoint does not answer. */
    int taskManagers() {
        try {
            return get("/overview").path("taskmanagers").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The job's state (RUNNING, RESTARTING, ...), or "UNKNOWN" when it cannot be read. */
    String jobState(String jobId) {
        try {
            return get("/jobs/" + jobId).path("state").asText("UNKNOWN");
        } catch (IOException e) {
            return "UNKNOWN";
        }
    }

    /** Ids of the jobs the cluster knows, with their state, e.g. "abc…=RUNNING". */
    List<String> jobs() throws IOException {
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(job.path("jid").asText() + "=" + job.path("state").asText());
        }
        return jobs;
    }

    /** Completed checkpoints of the job so far (0 when unknown). */
    long completedCheckpoints(String jobId) {
        try {
            return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Resource ids of the TaskManagers that run at least one of the job's subtasks. */
    Set<String> taskManagersOf(String jobId) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            JsonNode detail = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText());
            for (JsonNode subtask : detail.path("subtasks")) {
                if ("RUNNING".equals(subtask.path("status").asText())) {
                    ids.add(subtask.path("taskmanager-id").asText());
                }
            }
        }
        return ids;
    }

    /**
     * Waits until every subtask of the job is RUNNING (or FINISHED): a checkpoint or savepoint
     * triggered while a subtask still deploys is declined.
     */
    void awaitAllRunning(String jobId, Duration timeout) throws IOException {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            Poll.every(Duration.ofMillis(250), timeout)
                    .until(
                            () -> {
                                last.set(get("/jobs/" + jobId));
                                return allRunning(last.get());
                            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "job "
                            + jobId
                            + " did not have all subtasks RUNNING within "
                            + timeout.toSeconds()
                            + " s; last answer "
                            + last.get(),
                    e);
        }
    }

    private static boolean allRunning(JsonNode job) {
        boolean all = job.path("vertices").size() > 0;
        for (JsonNode vertex : job.path("vertices")) {
            // A bounded input (no model topic: an empty one) finishes at once.
            JsonNode tasks = vertex.path("tasks");
            int up = tasks.path("RUNNING").asInt() + tasks.path("FINISHED").asInt();
            all &= up == vertex.path("parallelism").asInt();
        }
        return all;
    }

    /** Stop-with-savepoint; returns the savepoint's location once it completes. */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws IOException {
        String body =
                MAPPER.createObjectNode()
                        .put("targetDirectory", targetDirectory)
                        .put("drain", false)
                        .toString();
        String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            Poll.every(Duration.ofMillis(500), timeout)
                    .until(
                            () -> {
                                last.set(get("/jobs/" + jobId + "/savepoints/" + trigger));
                                return "COMPLETED"
                                        .equals(last.get().path("status").path("id").asText());
                            });
        } catch (ConditionTimeoutException e) {
            throw new IOException(
                    "stop-with-savepoint of "
                            + jobId
                            + " did not complete within "
                            + timeout.toSeconds()
                            + " s; last answer "
                            + last.get(),
                    e);
        }
        JsonNode operation = last.get().path("operation");
        if (operation.has("failure-cause")) {
            throw new IOException(
                    "stop-with-savepoint of "
                            + jobId
                            + " failed: "
                            + operation.path("failure-cause"));
        }
        return operation.path("location").asText();
    }

    /** Cancels the job; quietly does nothing if the cluster does not know it. */
    void cancel(String jobId) {
        try {
            send(
                    HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                    "/jobs/" + jobId);
        } catch (IOException e) {
            // Already gone: nothing to cancel.
        }
    }
}
