package io.hardneg.window;

/**
 * The per-symbol state of the window assembler: a ring of the last {@code length} bars' raw
 * features and times, the close of the last bar, and how many bars were accepted.
 */
public final class SeriesState {
    public long barCount;

    /** {@link #barCount} when the current segment began (after a gap longer than the maximum). */
    public long segmentStart;

    public long lastTime = Long.MIN_VALUE;
    public double lastClose = Double.NaN;

    /** Ring of raw features, {@code length x channels}, row per bar. */
    public float[] rows;

    public float[] closes;
    public long[] times;

    public SeriesState() {}

    /** A deep copy: the ring arrays are copied, not shared. */
    public SeriesState copy() {
        SeriesState c = new SeriesState();
        c.barCount = barCount;
        c.segmentStart = segmentStart;
        c.lastTime = lastTime;
        c.lastClose = lastClose;
        c.rows = rows == null ? null : rows.clone();
        c.closes = closes == null ? null : closes.clone();
        c.times = times == null ? null : times.clone();
        return c;
    }

    static SeriesState create(int length, int channels) {
        SeriesState s = new SeriesState();
        s.rows = new float[length * channels];
        s.closes = new float[length];
        s.times = new long[length];
        return s;
    }
}
