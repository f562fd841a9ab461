package io.hardneg.job;

/** A window after the encoder: its unit-length embedding and the model version that made it. */
public final class EmbeddedWindow {
    public String symbol;
    public long endTime;
    public long startTime;
    public long barIndex;
    public float[] embedding;
    public String modelVersion;

    /** The encoder's input, channel-major, as in {@link io.hardneg.window.MarketWindow}. */
    public float[] values;

    /** The unit embedding of the augmented view ({@code positive.strategy=augmented}), or null. */
    public float[] positiveEmbedding;

    /** The augmented view's encoder input, or null. */
    public float[] positiveValues;

    public EmbeddedWindow() {}
}
