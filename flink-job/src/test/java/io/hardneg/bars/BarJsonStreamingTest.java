package io.hardneg.bars;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link BarJson#parse} against the tree-based reading it replaced (kept below): for
 * every input, the same bar, or the same reason and message, or the same exception.
 */
class BarJsonStreamingTest {
    private static final String VALID =
            "{\"symbol\":\"AAPL\",\"time\":\"2013-01-02T00:00:00Z\",\"open\":79.12,"
                    + "\"high\":79.29,\"low\":77.38,\"close\":78.43,\"volume\":1.401295E8}";

    private static final String[] FIELDS = {
        "symbol", "time", "open", "high", "low", "close", "volume"
    };

    private static final String[] GOOD = {
        "\"X\"", "\"2013-01-02T00:00:00Z\"", "2", "3", "1", "2", "5"
    };

    private static final String[] VALUES = {
        "\"X\"",
        "\" AB \"",
        "\" \"",
        "\"\"",
        "7",
        "-7",
        "0",
        "-0",
        "1.5",
        "1e3",
        "1E400",
        "-1e400",
        "12345678901234567890123",
        "9223372036854775807",
        "2147483648",
        "true",
        "false",
        "null",
        "[1]",
        "[]",
        "{\"a\":1}",
        "{}",
        "\"NaN\"",
        "\"nan\"",
        "\" NaN \"",
        "\"Infinity\"",
        "\"-Infinity\"",
        "\"+infinity\"",
        "\"12\"",
        "\"2013-01-02T00:00:00Z\"",
        "\"1970-01-01T01:00:01+01:00\"",
        "\"2013-13-02\"",
        "\"bad time\"",
        "\"caf\\u00e9\"",
        "\"\\t\"",
        "NaN",
        "01",
        "1.",
        ".5",
        "\"unterminated",
        "[1,",
        "{\"a\":",
        "tru",
        "1.7976931348623157E308",
        "4.9E-324"
    };

    @Test
    void acceptsAndRejectsExactlyAsTheTreeParserDid() {
        List<String> inputs = new ArrayList<>();
        inputs.add(VALID);
        for (String root :
                new String[] {
                    "",
                    " ",
                    "\n",
                    "null",
                    "[1,2]",
                    "[1,2",
                    "\"abc\"",
                    "\"abc",
                    "1",
                    "-",
                    "{}",
                    "{",
                    "}",
                    "{\"symbol\"}",
                    "{\"symbol\":}",
                    "{\"symbol\" \"X\"}",
                    "{symbol:1}",
                    "{'symbol':'X'}",
                    "{\"symbol\":\"X\",}",
                    VALID + "}",
                    VALID + " trailing",
                    VALID + VALID,
                    "  " + VALID + "\n",
                    "\uFEFF" + VALID,
                    "{\"a\":1}{\"b\":2}"
                }) {
            inputs.add(root);
        }
        for (int f = 0; f < FIELDS.length; f++) {
            for (String v : VALUES) {
                inputs.add(bar(f, v, false));
                inputs.add(bar(f, v, true));
                inputs.add(withExtra("\"" + FIELDS[f] + "\":" + v, false));
                inputs.add(withExtra("\"extra\":" + v, true));
            }
            inputs.add(bar(f, null, false));
        }
        for (int i = 0; i <= VALID.length(); i++) {
            inputs.add(VALID.substring(0, i));
        }
        for (int i = 0; i < VALID.length(); i++) {
            inputs.add(VALID.substring(0, i) + VALID.substring(i + 1));
            for (char c : "{}[]\":,0a-.e\\ ".toCharArray()) {
                inputs.add(VALID.substring(0, i) + c + VALID.substring(i + 1));
            }
        }

        int accepted = 0;
        for (String input : inputs) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            String expected = outcome(() -> TreeParser.parse(bytes));
            String actual = outcome(() -> BarJson.parse(bytes));
            assertThat(actual).as("input: %s", input).isEqualTo(expected);
            accepted += expected.startsWith("bar ") ? 1 : 0;
        }
        assertThat(inputs).hasSizeGreaterThan(3000);
        assertThat(accepted).isGreaterThan(100);
    }

    @Test
    void aRecordWithoutValueIsRejectedAsMalformedNotThrown() {
        // The tree parser threw IllegalArgumentException here, which would have failed the job.
        assertThat(outcome(() -> TreeParser.parse(null)))
                .startsWith("java.lang.IllegalArgumentException");
        assertThat(outcome(() -> BarJson.parse(null)))
                .isEqualTo(
                        "rejected MALFORMED: the record has no value (a tombstone?); publish each bar as a"
                                + " JSON object");
    }

    /** The good bar with field {@code f} given the value {@code v} (absent if null). */
    private static String bar(int f, String v, boolean repeated) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < FIELDS.length; i++) {
            if (i == f && v == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(FIELDS[i]).append("\":").append(i == f ? v : GOOD[i]);
            if (i == f && repeated) {
                json.append(",\"").append(FIELDS[i]).append("\":").append(GOOD[i]);
            }
        }
        return json.append('}').toString();
    }

    private static String withExtra(String field, boolean first) {
        String good = bar(-1, null, false);
        return first
                ? "{" + field + "," + good.substring(1)
                : good.substring(0, good.length() - 1) + "," + field + "}";
    }

    private interface Parse {
        Bar run() throws Exception;
    }

    private static String outcome(Parse parse) {
        try {
            Bar b = parse.run();
            return "bar " + b.symbol + " " + b.time + " " + b.open + " " + b.high + " " + b.low
                    + " " + b.close + " " + b.volume;
        } catch (BarRejectedException e) {
            return "rejected " + e.reason() + ": " + e.getMessage();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /**
     * BarJson.parse as it was before the streaming parser (commit 00f931a): the whole record read
     * into a tree, then the same field validation ({@link BarJson#toBar}, unchanged by the switch).
     */
    private static final class TreeParser {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        static Bar parse(byte[] bytes) throws BarRejectedException {
            JsonNode node;
            try {
                node = MAPPER.readTree(bytes);
            } catch (IOException e) {
                throw new BarRejectedException(
                        RejectReason.MALFORMED, "not JSON: " + BarJson.firstLine(e.getMessage()));
            }
            if (node == null || !node.isObject()) {
                throw new BarRejectedException(RejectReason.MALFORMED, "not a JSON object");
            }
            return BarJson.toBar(node::get);
        }
    }
}
