package io.hardneg.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running sums of loss and semi-hard-empty anchors per bank key and time bucket. Sums are kept per
 * hour of anchor end time (per day once there are more than {@value #MAX_CELLS} cells), and rolled
 * up at the end into hours, days or months depending on the span of the data.
 */
final class LossOverTime {
    /** Series drawn at most; further bank keys are merged into {@value #OTHER}. */
    static final int MAX_SERIES = 8;

    static final String OTHER = "other";

    /** Bank keys tracked one by one; keys seen later go straight to {@value #OTHER}. */
    private static final int MAX_TRACKED_KEYS = 64;

    private static final int MAX_CELLS = 200_000;

    /** How the rolled-up buckets are sized. */
    enum Bucket {
        HOUR,
        DAY,
        MONTH
    }

    /** Sums of one cell. */
    static final class Sums {
        long anchors;
        long semiHardEmpty;
        long losses;
        double lossSum;

        void add(Sums o) {
            anchors += o.anchors;
            semiHardEmpty += o.semiHardEmpty;
            losses += o.losses;
            lossSum += o.lossSum;
        }
    }

    /** One drawn series: bucket start (epoch ms) to sums, in time order. */
    record Series(String name, long anchors, TreeMap<Long, Sums> buckets) {}

    private final Map<String, TreeMap<Long, Sums>> cells = new HashMap<>();
    private final Map<String, Long> anchorsPerKey = new HashMap<>();
    private long unitMillis = Duration.ofHours(1).toMillis();
    private int cellCount;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    /** Adds one anchor that has a positive; {@code loss} may be NaN when the result had none. */
    void add(String bankKey, long endTime, double loss, boolean semiHardAvailable) {
        String key = bankKey;
        if (!cells.containsKey(key) && cells.size() >= MAX_TRACKED_KEYS) {
            key = OTHER;
        }
        minTime = Math.min(minTime, endTime);
        maxTime = Math.max(maxTime, endTime);
        anchorsPerKey.merge(key, 1L, Long::sum);
        TreeMap<Long, Sums> series = cells.computeIfAbsent(key, k -> new TreeMap<>());
        Sums s =
                series.computeIfAbsent(
                        Math.floorDiv(endTime, unitMillis) * unitMillis,
                        t -> {
                            cellCount++;
                            return new Sums();
                        });
        s.anchors++;
        if (!semiHardAvailable) {
            s.semiHardEmpty++;
        }
        if (!Double.isNaN(loss)) {
            s.losses++;
            s.lossSum += loss;
        }
        if (cellCount > MAX_CELLS && unitMillis < Duration.ofDays(1).toMillis()) {
            coarsenToDays();
        }
    }

    private void coarsenToDays() {
        unitMillis = Duration.ofDays(1).toMillis();
        cellCount = 0;
        for (Map.Entry<String, TreeMap<Long, Sums>> e : cells.entrySet()) {
            TreeMap<Long, Sums> coarse =
                    rollUp(e.getValue(), t -> Math.floorDiv(t, unitMillis) * unitMillis);
            cellCount += coarse.size();
            e.setValue(coarse);
        }
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    /** Months for more than 120 days of data, days for more than 3 days, hours below. */
    Bucket bucket() {
        Duration span = Duration.ofMillis(isEmpty() ? 0 : maxTime - minTime);
        if (span.compareTo(Duration.ofDays(120)) > 0) {
            return Bucket.MONTH;
        }
        if (span.compareTo(Duration.ofDays(3)) > 0 || unitMillis >= Duration.ofDays(1).toMillis()) {
            return Bucket.DAY;
        }
        return Bucket.HOUR;
    }

    /**
     * The series to draw: the {@code MAX_SERIES - 1} bank keys with most anchors, and the rest
     * merged as {@value #OTHER} (all keys when there are at most {@code MAX_SERIES}).
     */
    List<Series> series() {
        Bucket bucket = bucket();
        List<String> keys = new ArrayList<>(cells.keySet());
        keys.sort(
                Comparator.comparing((String k) -> anchorsPerKey.get(k))
                        .reversed()
                        .thenComparing(k -> k));
        boolean merge = keys.size() > MAX_SERIES;
        Map<String, TreeMap<Long, Sums>> drawn = new LinkedHashMap<>();
        Map<String, Long> anchors = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String name = merge && (i >= MAX_SERIES - 1 || key.equals(OTHER)) ? OTHER : key;
            TreeMap<Long, Sums> target = drawn.computeIfAbsent(name, n -> new TreeMap<>());
            rollUp(cells.get(key), bucket)
                    .forEach((t, s) -> target.computeIfAbsent(t, x -> new Sums()).add(s));
            anchors.merge(name, anchorsPerKey.get(key), Long::sum);
        }
        List<Series> out = new ArrayList<>();
        drawn.forEach((name, buckets) -> out.add(new Series(name, anchors.get(name), buckets)));
        return out;
    }

    private static TreeMap<Long, Sums> rollUp(TreeMap<Long, Sums> cells, Bucket bucket) {
        return rollUp(cells, t -> bucketStart(t, bucket));
    }

    private static TreeMap<Long, Sums> rollUp(
            TreeMap<Long, Sums> cells, java.util.function.LongUnaryOperator startOf) {
        TreeMap<Long, Sums> out = new TreeMap<>();
        cells.forEach(
                (t, s) -> out.computeIfAbsent(startOf.applyAsLong(t), x -> new Sums()).add(s));
        return out;
    }

    static long bucketStart(long epochMillis, Bucket bucket) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        ZonedDateTime start =
                switch (bucket) {
                    case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
                    case DAY -> t.truncatedTo(ChronoUnit.DAYS);
                    case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                };
        return start.toInstant().toEpochMilli();
    }
}
