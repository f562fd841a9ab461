package io.hardneg.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BarJsonTest {
    private static BarRejectedException rejected(String json) {
        BarRejectedException e =
                catchThrowableOfType(
                        BarRejectedException.class,
                        () -> BarJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("rejected: %s", json).isNotNull();
        return e;
    }

    private static RejectReason reasonOf(String json) {
        return rejected(json).reason();
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        Bar bar = new Bar("AAPL", 1357084800000L, 79.12, 79.29, 77.38, 78.43, 140129500);
        String json = BarJson.toJson(bar);
        assertThat(json)
                .isEqualTo(
                        "{\"symbol\":\"AAPL\",\"time\":\"2013-01-02T00:00:00Z\",\"open\":79.12,"
                                + "\"high\":79.29,\"low\":77.38,\"close\":78.43,"
                                + "\"volume\":1.401295E8}");
        assertThat(BarJson.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(bar);
    }

    @Test
    void epochMillisecondsAndOffsetTimesAreAccepted() throws Exception {
        String base = "\"open\":1,\"high\":2,\"low\":1,\"close\":2,\"volume\":0";
        assertThat(BarJson.parse(("{\"symbol\":\"X\",\"time\":1000," + base + "}").getBytes()).time)
                .isEqualTo(1000L);
        assertThat(
                        BarJson.parse(
                                        ("{\"symbol\":\"X\",\"time\":\"1970-01-01T01:00:01+01:00\","
                                                        + base
                                                        + "}")
                                                .getBytes())
                                .time)
                .isEqualTo(1000L);
    }

    @Test
    void eachDefectHasItsReason() {
        String ok = "\"time\":1,\"open\":2,\"high\":3,\"low\":1,\"close\":2,\"volume\":5";
        assertThat(reasonOf("{\"symbol\":")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf("[1,2]")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reasonOf("{" + ok + "}")).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reasonOf("{\"symbol\":7," + ok + "}")).isEqualTo(RejectReason.MISTYPED_FIELD);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":true,\"open\":2,\"high\":3,\"low\":1,"
                                        + "\"close\":2,\"volume\":5}"))
                .isEqualTo(RejectReason.MISTYPED_FIELD);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":1,\"open\":\"NaN\",\"high\":3,\"low\":1,"
                                        + "\"close\":2,\"volume\":5}"))
                .isEqualTo(RejectReason.NON_FINITE_PRICE);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":1,\"open\":0,\"high\":3,\"low\":1,"
                                        + "\"close\":2,\"volume\":5}"))
                .isEqualTo(RejectReason.NON_POSITIVE_PRICE);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":1,\"open\":2,\"high\":1,\"low\":3,"
                                        + "\"close\":2,\"volume\":5}"))
                .isEqualTo(RejectReason.HIGH_BELOW_LOW);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":1,\"open\":9,\"high\":3,\"low\":1,"
                                        + "\"close\":2,\"volume\":5}"))
                .isEqualTo(RejectReason.PRICE_OUTSIDE_RANGE);
        assertThat(
                        reasonOf(
                                "{\"symbol\":\"X\",\"time\":1,\"open\":2,\"high\":3,\"low\":1,"
                                        + "\"close\":2,\"volume\":-5}"))
                .isEqualTo(RejectReason.NEGATIVE_VOLUME);
    }

    private static String rejection(String json) {
        BarRejectedException e = rejected(json);
        return e.reason() + ": " + e.getMessage();
    }

    private static String bar(String symbol, String time, String high, String close, String tail) {
        return "{\"symbol\":"
                + symbol
                + ",\"time\":"
                + time
                + ",\"open\":2,\"high\":"
                + high
                + ",\"low\":1,\"close\":"
                + close
                + tail
                + "}";
    }

    @Test
    void eachDefectHasItsReasonAndMessage() {
        assertThat(rejection("{\"symbol\":"))
                .isEqualTo(
                        "MALFORMED: not JSON: Unexpected end-of-input within/between Object entries");
        assertThat(rejection(bar("\"X\"", "1", "3", "2", ",\"volume\":5,\"extra\":[1,")))
                .isEqualTo(
                        "MALFORMED: not JSON: Unexpected character ('}' (code 125)): expected a value");
        assertThat(rejection("[1,2]")).isEqualTo("MALFORMED: not a JSON object");
        assertThat(rejection("")).isEqualTo("MALFORMED: not a JSON object");
        assertThat(rejection("null")).isEqualTo("MALFORMED: not a JSON object");
        assertThat(rejection(bar("null", "1", "3", "2", ",\"volume\":5")))
                .isEqualTo("MISSING_FIELD: field 'symbol' is missing");
        assertThat(rejection(bar("\"X\"", "1", "3", "2", "")))
                .isEqualTo("MISSING_FIELD: field 'volume' is missing");
        assertThat(rejection(bar("\" \"", "1", "3", "2", ",\"volume\":5")))
                .isEqualTo("MISTYPED_FIELD: symbol must be a non-empty string");
        assertThat(rejection(bar("\"X\"", "true", "3", "2", ",\"volume\":5")))
                .isEqualTo(
                        "MISTYPED_FIELD: time must be an ISO-8601 string or epoch milliseconds,"
                                + " got true");
        assertThat(rejection(bar("\"X\"", "\"2013-13-02\"", "3", "2", ",\"volume\":5")))
                .isEqualTo(
                        "MISTYPED_FIELD: time '2013-13-02' is not epoch milliseconds, an ISO-8601"
                                + " time or a yyyy-MM-dd date");
        assertThat(rejection(bar("\"X\"", "1", "\" -Infinity \"", "2", ",\"volume\":5")))
                .isEqualTo("NON_FINITE_PRICE: high -Infinity is not finite");
        assertThat(rejection(bar("\"X\"", "1", "[3]", "2", ",\"volume\":5")))
                .isEqualTo("MISTYPED_FIELD: high must be a number, got [3]");
        assertThat(rejection(bar("\"X\"", "1", "3", "\"2\"", ",\"volume\":5")))
                .isEqualTo("MISTYPED_FIELD: close must be a number, got \"2\"");
    }

    @Test
    void theLastOfARepeatedFieldCountsAndTrailingContentIsNotRead() throws Exception {
        Bar bar =
                BarJson.parse(
                        (bar("\"X\"", "1", "3", "2", ",\"volume\":5,\"high\":4") + " not json")
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(bar).isEqualTo(new Bar("X", 1, 2, 4, 1, 2, 5));
    }
}
