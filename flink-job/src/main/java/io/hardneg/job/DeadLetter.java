package io.hardneg.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardneg.bars.RejectReason;

/** A record that could not be used, with where it came from and why. */
public final class DeadLetter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@link RejectReason#label()}. */
    public String reason;

    public String detail;

    /** Source topic (or file) of the record. */
    public String source;

    public int partition = -1;
    public long offset = -1;

    /** The record's bytes as text (UTF-8). */
    public String payload;

    public DeadLetter() {}

    public static DeadLetter of(
            RejectReason reason,
            String detail,
            String source,
            int partition,
            long offset,
            String payload) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.label();
        d.detail = detail;
        d.source = source;
        d.partition = partition;
        d.offset = offset;
        d.payload = payload;
        return d;
    }

    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", 1);
        node.put("reason", reason);
        node.put("detail", detail);
        node.put("source", source);
        node.put("partition", partition);
        node.put("offset", offset);
        node.put("payload", payload);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dead letter as JSON", e);
        }
    }
}
