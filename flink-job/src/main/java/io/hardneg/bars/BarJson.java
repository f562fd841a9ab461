package io.hardneg.bars;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Function;

/**
 * The JSON form of a bar on the bar topic: {@code {"symbol":"AAPL","time":"2013-01-02T00:00:00Z",
 * "open":1.0,"high":1.0,"low":1.0,"close":1.0,"volume":10}}. {@code time} may also be epoch
 * milliseconds (a number).
 */
public final class BarJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private BarJson() {}

    /** Parses and validates one bar; throws with the reason when it cannot be used. */
    public static Bar parse(byte[] bytes) throws BarRejectedException {
        if (bytes == null) {
            throw new BarRejectedException(
                    RejectReason.MALFORMED,
                    "the record has no value (a tombstone?); publish each bar as a JSON object");
        }
        Fields fields;
        try (JsonParser p = MAPPER.createParser(bytes)) {
            fields = read(p);
        } catch (IOException e) {
            throw new BarRejectedException(
                    RejectReason.MALFORMED, "not JSON: " + firstLine(e.getMessage()));
        }
        if (fields == null) {
            throw new BarRejectedException(RejectReason.MALFORMED, "not a JSON object");
        }
        return toBar(fields::get);
    }

    /**
     * Validates the field values of one bar object, each looked up by name (null when absent), into
     * a bar.
     */
    static Bar toBar(Function<String, JsonNode> field) throws BarRejectedException {
        JsonNode symbolNode = required(field.apply("symbol"), "symbol");
        if (!symbolNode.isTextual() || symbolNode.asText().isBlank()) {
            throw new BarRejectedException(
                    RejectReason.MISTYPED_FIELD, "symbol must be a non-empty string");
        }
        Bar bar = new Bar();
        bar.symbol = symbolNode.asText().trim();
        bar.time = time(required(field.apply("time"), "time"));
        bar.open = number(field.apply("open"), "open");
        bar.high = number(field.apply("high"), "high");
        bar.low = number(field.apply("low"), "low");
        bar.close = number(field.apply("close"), "close");
        bar.volume = number(field.apply("volume"), "volume");
        BarValidator.validate(bar);
        return bar;
    }

    /**
     * Reads the record the way {@code ObjectMapper.readTree} did, token by token, keeping only the
     * bar's fields: the same input is accepted, the same parse error is raised at the same place
     * (every value is read, numbers and strings included, as the tree reader reads them), and
     * trailing content after the object is not looked at. Null when the record is valid JSON but
     * not an object. The tree cost 39% of the source thread: an object node and a map per bar.
     */
    private static Fields read(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            return null; // empty input: readTree gave a missing node
        }
        if (t != JsonToken.START_OBJECT) {
            MAPPER.readTree(p); // reads the value through, so malformed input fails as it did
            return null;
        }
        Fields fields = new Fields();
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            int index = indexOf(name);
            JsonNode value = scalar(p);
            if (value == null) {
                value = MAPPER.readTree(p); // an object or array: only in a rejected bar
            }
            if (index >= 0) {
                fields.values[index] = value; // a repeated field: the last one counts
            }
        }
        return fields; // at the object's end: anything but a name or '}' is a parse error
    }

    /** The node the tree reader makes of a scalar value; null for an object or array. */
    private static JsonNode scalar(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return null;
        }
    }

    private static int indexOf(String name) {
        switch (name) {
            case "symbol":
                return SYMBOL;
            case "time":
                return TIME;
            case "open":
                return OPEN;
            case "high":
                return HIGH;
            case "low":
                return LOW;
            case "close":
                return CLOSE;
            case "volume":
                return VOLUME;
            default:
                return -1;
        }
    }

    private static final int SYMBOL = 0;
    private static final int TIME = 1;
    private static final int OPEN = 2;
    private static final int HIGH = 3;
    private static final int LOW = 4;
    private static final int CLOSE = 5;
    private static final int VOLUME = 6;

    /** The values of the bar's fields, by index; null where a field is absent. */
    private static final class Fields {
        final JsonNode[] values = new JsonNode[7];

        JsonNode get(String name) {
            int index = indexOf(name);
            return index < 0 ? null : values[index];
        }
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

    private static JsonNode required(JsonNode value, String field) throws BarRejectedException {
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

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
