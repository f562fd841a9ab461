package io.hardneg.report;

import io.hardneg.bars.Bar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Close prices per symbol, for drawing a window's price path normalised to its first close. */
final class PricePaths {
    private final Map<String, long[]> times = new HashMap<>();
    private final Map<String, double[]> closes = new HashMap<>();

    PricePaths(List<Bar> bars) {
        Map<String, List<Bar>> bySymbol = new HashMap<>();
        for (Bar b : bars) {
            bySymbol.computeIfAbsent(b.symbol, s -> new ArrayList<>()).add(b);
        }
        bySymbol.forEach(
                (symbol, list) -> {
                    list.sort((x, y) -> Long.compare(x.time, y.time));
                    long[] t = new long[list.size()];
                    double[] c = new double[list.size()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = list.get(i).time;
                        c[i] = list.get(i).close;
                    }
                    times.put(symbol, t);
                    closes.put(symbol, c);
                });
    }

    int symbols() {
        return times.size();
    }

    /** Bars of {@code symbol} with start <= time <= end; 0 when the symbol is unknown. */
    int barsBetween(String symbol, long start, long end) {
        long[] t = times.get(symbol);
        if (t == null) {
            return 0;
        }
        return Math.max(0, indexAtOrBefore(t, end) - indexAtOrBefore(t, start - 1));
    }

    /**
     * The {@code length} closes of {@code symbol} ending at the bar at {@code endTime}, divided by
     * the first of them; null when the symbol, that bar or enough earlier bars are missing.
     */
    double[] normalisedCloses(String symbol, long endTime, int length) {
        long[] t = times.get(symbol);
        if (t == null || length < 1) {
            return null;
        }
        int end = Arrays.binarySearch(t, endTime);
        if (end < 0 || end + 1 < length) {
            return null;
        }
        double[] c = closes.get(symbol);
        double first = c[end + 1 - length];
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = c[end + 1 - length + i] / first;
        }
        return out;
    }

    /** Start time of the window of {@code length} bars ending at {@code endTime}, or -1. */
    long startTime(String symbol, long endTime, int length) {
        long[] t = times.get(symbol);
        if (t == null) {
            return -1;
        }
        int end = Arrays.binarySearch(t, endTime);
        return end < 0 || end + 1 < length ? -1 : t[end + 1 - length];
    }

    /** Number of elements of sorted {@code t} that are <= {@code time}. */
    private static int indexAtOrBefore(long[] t, long time) {
        int i = Arrays.binarySearch(t, time);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
