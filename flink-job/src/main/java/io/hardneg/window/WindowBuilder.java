package io.hardneg.window;

import io.hardneg.bars.Bar;
import java.io.Serializable;
import java.util.List;

/**
 * Appends bars to a symbol's series and cuts a window every {@code stride} bars once {@code length}
 * bars are there. Pure logic, no Flink: the assembler stores the state.
 */
public final class WindowBuilder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A channel whose spread within a window is below this is written as zeros. */
    private static final double MIN_STD = 1e-12;

    private final Feature[] features;
    private final int length;
    private final int stride;
    private final long maxGapMs;

    public WindowBuilder(List<Feature> features, int length, int stride) {
        this(features, length, stride, 0);
    }

    /**
     * @param maxGapMs a gap between two bars longer than this starts a new segment: the series'
     *     ring is emptied and the next window ends {@code length} bars after the gap; 0 = never.
     */
    public WindowBuilder(List<Feature> features, int length, int stride, long maxGapMs) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features is empty; list at least one channel");
        }
        if (length < 2 || stride < 1 || stride > length) {
            throw new IllegalArgumentException(
                    "window.length="
                            + length
                            + ", window.stride="
                            + stride
                            + ": need length >= 2 and 1 <= stride <= length");
        }
        this.features = features.toArray(new Feature[0]);
        this.length = length;
        this.stride = stride;
        this.maxGapMs = maxGapMs;
    }

    public SeriesState newSeries() {
        return SeriesState.create(length, features.length);
    }

    public int channels() {
        return features.length;
    }

    public int length() {
        return length;
    }

    /** Adds a bar (newer than every bar before it); returns the window it completes, or null. */
    public MarketWindow append(SeriesState s, Bar bar) {
        if (maxGapMs > 0 && s.barCount > 0 && bar.time - s.lastTime > maxGapMs) {
            // A halt: nothing before it may share a window, or a log-return, with what follows.
            s.segmentStart = s.barCount;
            s.lastClose = Double.NaN;
        }
        int c = features.length;
        int pos = (int) (s.barCount % length);
        for (int i = 0; i < c; i++) {
            s.rows[pos * c + i] = (float) features[i].compute(bar, s.lastClose);
        }
        s.closes[pos] = (float) bar.close;
        s.times[pos] = bar.time;
        s.lastClose = bar.close;
        s.lastTime = bar.time;
        s.barCount++;
        long inSegment = s.barCount - s.segmentStart;
        if (inSegment < length || (inSegment - length) % stride != 0) {
            return null;
        }
        return cut(s, bar.symbol);
    }

    private MarketWindow cut(SeriesState s, String symbol) {
        int c = features.length;
        MarketWindow w = new MarketWindow();
        w.symbol = symbol;
        w.channels = c;
        w.length = length;
        w.barIndex = s.barCount - 1;
        w.values = new float[c * length];
        w.closes = new float[length];
        long first = s.barCount - length;
        for (int t = 0; t < length; t++) {
            int pos = (int) ((first + t) % length);
            for (int ch = 0; ch < c; ch++) {
                w.values[ch * length + t] = s.rows[pos * c + ch];
            }
            w.closes[t] = s.closes[pos];
            if (t == 0) {
                w.startTime = s.times[pos];
            }
            if (t == length - 1) {
                w.endTime = s.times[pos];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            zScore(w.values, ch * length, length);
        }
        return w;
    }

    private static void zScore(float[] v, int from, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[from + i];
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = v[from + i] - mean;
            sq += d * d;
        }
        double std = Math.sqrt(sq / n);
        for (int i = 0; i < n; i++) {
            v[from + i] = std < MIN_STD ? 0f : (float) ((v[from + i] - mean) / std);
        }
    }
}
