package io.hardneg.mining;

import java.util.Arrays;
import java.util.Objects;

/**
 * One window held by a {@link MemoryBank}: its identity, its unit-length embedding and the model
 * version that produced the embedding.
 *
 * <p>The record does not copy {@code embedding}: it is a value carrier between the bank, the miner
 * and the job. {@link MemoryBank#add} copies the array into the bank's own storage, and {@link
 * MemoryBank#entry} returns a fresh copy, so callers never share the bank's storage. {@link
 * #equals} and {@link #hashCode} compare the embedding by content; {@link #toString} never prints
 * it.
 *
 * @param symbol instrument symbol; window ids order by (symbol, endTime) ascending
 * @param endTime end of the window, epoch milliseconds
 * @param barIndex index of the window's last bar within its symbol's series (deterministic)
 * @param embedding unit-length embedding
 * @param modelVersion version of the encoder that produced {@code embedding}
 */
public record BankEntry(
        String symbol, long endTime, long barIndex, float[] embedding, String modelVersion) {

    public BankEntry {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BankEntry that
                && endTime == that.endTime
                && barIndex == that.barIndex
                && symbol.equals(that.symbol)
                && modelVersion.equals(that.modelVersion)
                && Arrays.equals(embedding, that.embedding);
    }

    @Override
    public int hashCode() {
        int h = symbol.hashCode();
        h = 31 * h + Long.hashCode(endTime);
        h = 31 * h + Long.hashCode(barIndex);
        h = 31 * h + modelVersion.hashCode();
        return 31 * h + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "BankEntry[symbol="
                + symbol
                + ", endTime="
                + endTime
                + ", barIndex="
                + barIndex
                + ", dim="
                + embedding.length
                + ", modelVersion="
                + modelVersion
                + "]";
    }
}
