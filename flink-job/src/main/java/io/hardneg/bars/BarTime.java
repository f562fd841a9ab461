package io.hardneg.bars;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses and formats bar times. Times without a zone are read as UTC. */
public final class BarTime {
    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]");

    private static final long DAY_MS = 86_400_000L;

    /** 10000-01-01T00:00:00Z: from there on Instant.toString writes a sign and more digits. */
    private static final long YEAR_10000 = 253_402_300_800_000L;

    private static final long NOT_CANONICAL = Long.MIN_VALUE;

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
        long canonical = parseCanonical(t);
        if (canonical != NOT_CANONICAL) {
            return canonical;
        }
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

    /**
     * ISO-8601 instant, e.g. {@code 2013-01-02T00:00:00Z}: the text of {@link Instant#toString}.
     */
    public static String format(long epochMillis) {
        if (epochMillis < 0 || epochMillis >= YEAR_10000) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        // Written by hand: Instant.toString goes through a DateTimeFormatter, which took 7% of
        // the mining thread (a result names some 20 windows by their end times).
        long days = epochMillis / DAY_MS;
        int inDay = (int) (epochMillis - days * DAY_MS);
        LocalDate date = LocalDate.ofEpochDay(days);
        int millis = inDay % 1000;
        int seconds = inDay / 1000;
        byte[] b = new byte[millis == 0 ? 20 : 24];
        digits(b, 0, date.getYear(), 4);
        b[4] = '-';
        digits(b, 5, date.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, date.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, seconds / 3600, 2);
        b[13] = ':';
        digits(b, 14, seconds / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, seconds % 60, 2);
        if (millis != 0) {
            b[19] = '.';
            digits(b, 20, millis, 3);
        }
        b[b.length - 1] = 'Z';
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Epoch milliseconds of text in exactly the form {@link #format} writes ({@code
     * yyyy-MM-ddTHH:mm:ssZ} or {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, a valid date and time), else
     * {@link #NOT_CANONICAL}. The bar topic carries times in that form; parsing them through
     * OffsetDateTime took a third of the source thread.
     */
    private static long parseCanonical(String t) {
        int n = t.length();
        if ((n != 20 && n != 24)
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(n - 1) != 'Z'
                || (n == 24 && t.charAt(19) != '.')) {
            return NOT_CANONICAL;
        }
        int year = number(t, 0, 4);
        int month = number(t, 5, 2);
        int day = number(t, 8, 2);
        int hour = number(t, 11, 2);
        int minute = number(t, 14, 2);
        int second = number(t, 17, 2);
        int millis = n == 24 ? number(t, 20, 3) : 0;
        if ((year | month | day | hour | minute | second | millis) < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour > 23
                || minute > 59
                || second > 59) {
            return NOT_CANONICAL;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return days * DAY_MS + ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}; -1 if one is not a digit. */
    private static int number(String t, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
