package io.hardneg.bars;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON form of a bar on the bar topic: {@code {"symbol":"AAPL","time":"2013-01-02T00:00:00Z",
 * "open":1.0,"high":1.0,"low":1.0,"close":1.0,"volume":10}}. {@code time} may also be epoch
 * milliseconds (a number).
 */
public final class BarJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BarJson() {}

    /** Parses and validates one bar; throws with the reason when it cannot be used. */
    public static Bar parse(byte[] bytes) throws BarRejectedException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BarRejectedException(
                    RejectReason.MALFORMED, "not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new BarRejectedException(RejectReason.MALFORMED, "not a JSON object");
        }
        JsonNode symbolNode = required(node, "symbol");
        if (!symbolNode.isTextual() || symbolNode.asText().isBlank()) {
            throw new BarRejectedException(
                    RejectReason.MISTYPED_FIELD, "symbol must be a non-empty string");
        }
        Bar bar = new Bar();
        bar.symbol = symbolNode.asText().trim();
        bar.time = time(required(node, "time"));
        bar.open = number(node, "open");
        bar.high = number(node, "high");
        bar.low = number(node, "low");
        bar.close = number(node, "close");
        bar.volume = number(node, "volume");
        BarValidator.validate(bar);
        return bar;
    }

    /** The JSON text of a bar, with the time as an ISO-8601 instant. */
    public static String toJson(Bar bar) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("symbol", bar.symbol);
        node.put("time", BarTime.format(bar.time));
        node.put("open", bar.open);
        node.put("high", bar.high);
        node.put("low", bar.low);
        node.put("close", bar.close);
        node.put("volume", bar.volume);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a bar as JSON", e);
        }
    }

    private static JsonNode required(JsonNode node, String field) throws BarRejectedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new BarRejectedException(
                    RejectReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        return value;
    }

    private static long time(JsonNode node) throws BarRejectedException {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (!node.isTextual()) {
            throw new BarRejectedException(
                    RejectReason.MISTYPED_FIELD,
                    "time must be an ISO-8601 string or epoch milliseconds, got " + node);
        }
        try {
            return BarTime.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new BarRejectedException(RejectReason.MISTYPED_FIELD, e.getMessage());
        }
    }

    private static double number(JsonNode node, String field) throws BarRejectedException {
        JsonNode value = required(node, field);
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            // "NaN" and "Infinity" arrive as strings from some writers; reject them by name.
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("nan") || text.toLowerCase().contains("infinity")) {
                throw new BarRejectedException(
                        RejectReason.NON_FINITE_PRICE, field + " " + text + " is not finite");
            }
        }
        throw new BarRejectedException(
                RejectReason.MISTYPED_FIELD, field + " must be a number, got " + value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
