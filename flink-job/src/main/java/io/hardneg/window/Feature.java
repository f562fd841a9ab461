package io.hardneg.window;

import io.hardneg.bars.Bar;

/** A channel of a window, computed from one bar and the close of the bar before it. */
public enum Feature {
    /** ln(close / previous close); 0 for a symbol's first bar. */
    LOG_RETURN("log-return"),
    /** (high - low) / close. */
    RANGE("range"),
    /** (close - open) / open. */
    BODY("body"),
    /** ln(1 + volume). */
    LOG_VOLUME("log-volume"),
    /** (high - max(open, close)) / close. */
    UPPER_WICK("upper-wick"),
    /** (min(open, close) - low) / close. */
    LOWER_WICK("lower-wick");

    private final String configName;

    Feature(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The feature called {@code name} in the {@code features} key. */
    public static Feature byConfigName(String name) {
        for (Feature f : values()) {
            if (f.configName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown feature '" + name + "'");
    }

    /** The raw (not yet normalised) value of this channel for a bar. */
    public double compute(Bar bar, double previousClose) {
        switch (this) {
            case LOG_RETURN:
                return Double.isNaN(previousClose) ? 0.0 : Math.log(bar.close / previousClose);
            case RANGE:
                return (bar.high - bar.low) / bar.close;
            case BODY:
                return (bar.close - bar.open) / bar.open;
            case LOG_VOLUME:
                return Math.log1p(bar.volume);
            case UPPER_WICK:
                return (bar.high - Math.max(bar.open, bar.close)) / bar.close;
            case LOWER_WICK:
                return (Math.min(bar.open, bar.close) - bar.low) / bar.close;
            default:
                throw new AssertionError(this);
        }
    }
}
