package io.hardneg.mining;

import java.util.Objects;

/**
 * One query of {@link NegativeMiner#mineBatch}: the arguments of {@link NegativeMiner#mine(
 * MemoryBank, String, long, long, float[], long)}.
 *
 * <p>The embedding is not copied; do not change it while a batch is mined.
 *
 * @param symbol the anchor's symbol
 * @param endTime the anchor's end time, epoch milliseconds
 * @param barIndex index of the anchor's last bar within its symbol's series
 * @param unitEmbedding the anchor's unit-length embedding
 * @param anchorOrdinal the anchor's position in the stream, for the curriculum (the engine passes
 *     the bank's {@code totalAdded()} at the time the anchor would have been mined alone)
 */
public record Anchor(
        String symbol, long endTime, long barIndex, float[] unitEmbedding, long anchorOrdinal) {

    public Anchor {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(unitEmbedding, "unitEmbedding");
        if (anchorOrdinal < 0) {
            throw new IllegalArgumentException(
                    "anchorOrdinal must be >= 0, got " + anchorOrdinal + "; pass totalAdded()");
        }
    }
}
