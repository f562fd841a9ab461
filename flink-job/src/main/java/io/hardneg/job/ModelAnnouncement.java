package io.hardneg.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * A model announced on the model topic: {@code {"version":"cnn-2026-12-01","location":
 * "/models/cnn.onnx","sha256":"9f2c..."}}. The location is a local path or a {@code file:} URI that
 * every task manager can read.
 */
public final class ModelAnnouncement {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String version;
    public String location;
    public String sha256;

    public ModelAnnouncement() {}

    public ModelAnnouncement(String version, String location, String sha256) {
        this.version = version;
        this.location = location;
        this.sha256 = sha256;
    }

    /** Parses an announcement; throws with the missing field and the expected form. */
    public static ModelAnnouncement parse(byte[] bytes) throws IOException {
        JsonNode node = MAPPER.readTree(bytes);
        ModelAnnouncement a = new ModelAnnouncement();
        a.version = text(node, "version");
        a.location = text(node, "location");
        a.sha256 = text(node, "sha256").toLowerCase(java.util.Locale.ROOT);
        return a;
    }

    public String toJson() {
        return MAPPER.createObjectNode()
                .put("version", version)
                .put("location", location)
                .put("sha256", sha256)
                .toString();
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IOException(
                    "model announcement "
                            + node
                            + " lacks '"
                            + field
                            + "'; expected {\"version\":...,\"location\":...,\"sha256\":...}");
        }
        return v.asText().trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelAnnouncement a
                && Objects.equals(version, a.version)
                && Objects.equals(location, a.location)
                && Objects.equals(sha256, a.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, location, sha256);
    }

    @Override
    public String toString() {
        return version + " (" + location + ", sha256 " + sha256 + ")";
    }
}
