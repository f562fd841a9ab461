package io.hardneg.bars;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses and formats bar times. Times without a zone are read as UTC. */
public final class BarTime {
    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]");

    private BarTime() {}

    /**
     * Epoch milliseconds of a time written as epoch milliseconds, an ISO-8601 instant or offset
     * time, a local date-time ({@code 2023-07-10 10:10:00} or {@code 2023-07-10T10:10:00}) or a
     * date ({@code 2012-08-13}, midnight UTC).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static long parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            if (t.indexOf('T') > 0) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return LocalDateTime.parse(t, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "time '"
                            + text
                            + "' is not epoch milliseconds, an ISO-8601 time or a yyyy-MM-dd"
                            + " date");
        }
    }

    /** ISO-8601 instant, e.g. {@code 2013-01-02T00:00:00Z}. */
    public static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
