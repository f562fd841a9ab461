package io.hardneg.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BarJsonTest {
    private static RejectReason reasonOf(String json) {
        BarRejectedException e =
                catchThrowableOfType(
                        BarRejectedException.class,
                        () -> BarJson.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("rejected: %s", json).isNotNull();
        return e.reason();
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
}
