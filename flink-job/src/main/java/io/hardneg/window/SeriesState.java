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

    static SeriesState create(int length, int channels) {
        SeriesState s = new SeriesState();
        s.rows = new float[length * channels];
        s.closes = new float[length];
        s.times = new long[length];
        return s;
    }
}
