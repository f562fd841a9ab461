package io.hardneg.bars;

import java.util.Objects;

/** One OHLCV bar of one symbol; {@code time} is the bar's event time in epoch milliseconds. */
public final class Bar {
    public String symbol;
    public long time;
    public double open;
    public double high;
    public double low;
    public double close;
    public double volume;

    /** For Flink's POJO serializer. */
    public Bar() {}

    public Bar(
            String symbol,
            long time,
            double open,
            double high,
            double low,
            double close,
            double volume) {
        this.symbol = symbol;
        this.time = time;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Bar)) {
            return false;
        }
        Bar b = (Bar) o;
        return time == b.time
                && Double.compare(open, b.open) == 0
                && Double.compare(high, b.high) == 0
                && Double.compare(low, b.low) == 0
                && Double.compare(close, b.close) == 0
                && Double.compare(volume, b.volume) == 0
                && Objects.equals(symbol, b.symbol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, time, open, high, low, close, volume);
    }

    @Override
    public String toString() {
        return symbol + "@" + BarTime.format(time);
    }
}
