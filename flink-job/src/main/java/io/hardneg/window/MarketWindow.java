package io.hardneg.window;

/**
 * One window of one symbol, ready for the encoder: {@code values} holds {@code channels x length}
 * floats, channel-major (channel c at step t is {@code values[c * length + t]}), each channel
 * z-scored within the window.
 */
public final class MarketWindow {
    public String symbol;

    /** Event time of the window's last bar, epoch ms. */
    public long endTime;

    /** Event time of the window's first bar, epoch ms. */
    public long startTime;

    /** Index of the window's last bar in its symbol's series of accepted bars, from 0. */
    public long barIndex;

    public int channels;
    public int length;
    public float[] values;

    /** Closing prices of the window's bars, oldest first (for reports; not fed to the encoder). */
    public float[] closes;

    public MarketWindow() {}
}
