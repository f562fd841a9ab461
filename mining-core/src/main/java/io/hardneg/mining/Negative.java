package io.hardneg.mining;

import java.util.Objects;

/**
 * A mined negative: the bank entry, its similarity to the anchor and how it was selected.
 *
 * <p>A {@link Kind#SYNTHETIC} negative is not in the bank: its {@code entry} carries the symbol
 * {@value #SYNTHETIC_SYMBOL}, endTime and barIndex -1, the mixed unit embedding and the model
 * version of {@code sourceB}; its embedding is {@code normalise(c * A + (1 - c) * B)} with {@code c
 * = mixingCoefficient}, A and B the embeddings of {@code sourceA} and {@code sourceB}. For every
 * other kind the sources are {@code null} and the coefficient is {@code NaN}.
 *
 * @param entry the bank entry (a copy, safe to keep), or the synthetic entry
 * @param similarity dot product of the anchor and the entry's embedding, in float
 * @param kind how the negative was selected
 * @param sourceA first mixed window (a hard negative, or the anchor itself), or {@code null}
 * @param sourceB second mixed window (always a hard negative), or {@code null}
 * @param mixingCoefficient share {@code c} of {@code sourceA}, or {@code NaN}
 */
public record Negative(
        BankEntry entry,
        float similarity,
        Kind kind,
        WindowId sourceA,
        WindowId sourceB,
        float mixingCoefficient) {

    /** Symbol of the entry of a synthetic negative; no market symbol has angle brackets. */
    public static final String SYNTHETIC_SYMBOL = "<synthetic>";

    /** How a negative was selected. */
    public enum Kind {
        /** One of the top-K eligible entries by similarity (after the rank skip). */
        HARD,
        /** In the semi-hard band below the positive's similarity, and not among the hard ones. */
        SEMI_HARD,
        /** Drawn uniformly from the eligible entries that are neither hard nor semi-hard. */
        RANDOM,
        /** A mix of two hard negatives, or of the anchor and a hard negative; not in the bank. */
        SYNTHETIC
    }

    public Negative {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SYNTHETIC) != (sourceA != null && sourceB != null)) {
            throw new IllegalArgumentException(
                    "a "
                            + kind
                            + " negative must "
                            + (kind == Kind.SYNTHETIC ? "" : "not ")
                            + "carry two sources");
        }
    }

    /** A negative taken from the bank (not synthetic). */
    public Negative(BankEntry entry, float similarity, Kind kind) {
        this(entry, similarity, kind, null, null, Float.NaN);
    }

    public String symbol() {
        return entry.symbol();
    }

    public long endTime() {
        return entry.endTime();
    }

    public long barIndex() {
        return entry.barIndex();
    }
}
