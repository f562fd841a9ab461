package io.hardneg.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarTimeTest {
    private static final long[] EDGES = {
        0L,
        1L,
        999L,
        1000L,
        -1L,
        -86_400_000L,
        951_782_400_000L, // 2000-02-29
        951_868_799_999L, // 2000-02-29T23:59:59.999Z
        1_456_704_000_000L, // 2016-02-29
        4_107_542_400_000L, // 2100-03-01
        253_402_300_799_999L, // 9999-12-31T23:59:59.999Z
        253_402_300_800_000L, // 10000-01-01: signed, five digits
        -62_167_219_200_000L, // 0000-01-01
    };

    @Test
    void formatWritesWhatInstantToStringWrites() {
        for (long t : EDGES) {
            assertThat(BarTime.format(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long t = random.nextLong() % 300_000_000_000_000L;
            if (i % 2 == 0) {
                t -= t % 1000; // whole seconds, as bars mostly are
            }
            assertThat(BarTime.format(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }

    @Test
    void parseReadsTheCanonicalFormLikeOffsetDateTime() {
        for (long t : EDGES) {
            String text = Instant.ofEpochMilli(t).toString();
            assertThat(BarTime.parse(text)).isEqualTo(t);
        }
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long t = Math.floorMod(random.nextLong(), 253_402_300_800_000L);
            String text = BarTime.format(t);
            assertThat(BarTime.parse(text))
                    .isEqualTo(t)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        }
    }

    @Test
    void parseStillTakesTheOtherForms() {
        assertThat(BarTime.parse(" 2016-01-05T00:00:00Z ")).isEqualTo(1_451_952_000_000L);
        assertThat(BarTime.parse("2016-01-05T00:00Z")).isEqualTo(1_451_952_000_000L);
        assertThat(BarTime.parse("2016-01-05T01:00:00+01:00")).isEqualTo(1_451_952_000_000L);
        assertThat(BarTime.parse("2016-01-05T00:00:00.5Z")).isEqualTo(1_451_952_000_500L);
        assertThat(BarTime.parse("2016-01-05")).isEqualTo(1_451_952_000_000L);
        assertThat(BarTime.parse("2016-01-05 00:00")).isEqualTo(1_451_952_000_000L);
        assertThat(BarTime.parse("1451952000000")).isEqualTo(1_451_952_000_000L);
    }

    @Test
    void parseRejectsInvalidDatesAndTimesInTheCanonicalShape() {
        for (String text :
                new String[] {
                    "2015-02-29T00:00:00Z",
                    "2016-02-30T00:00:00Z",
                    "2016-04-31T00:00:00Z",
                    "2016-13-01T00:00:00Z",
                    "2016-00-01T00:00:00Z",
                    "2016-01-00T00:00:00Z",
                    "2016-01-01T24:00:00Z",
                    "2016-01-01T23:60:00Z",
                    "2016-01-01T23:59:60Z",
                    "2016-01-01T00:00:00.12xZ",
                    "2016-01-0aT00:00:00Z",
                }) {
            assertThatThrownBy(() -> BarTime.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'");
        }
    }
}
