package io.hardneg.mining;

import java.util.Objects;

/**
 * A mined negative: the bank entry, its similarity to the anchor and how it was selected.
 *
 * @param entry the bank entry (a copy, safe to keep)
 * @param similarity dot product of the anchor and the entry's embedding, in float
 * @param kind whether the negative is one of the top-K hard ones or a semi-hard one
 */
public record Negative(BankEntry entry, float similarity, Kind kind) {

    /** How a negative was selected. */
    public enum Kind {
        /** One of the top-K eligible entries by similarity. */
        HARD,
        /** In the semi-hard band below the positive's similarity, and not among the hard ones. */
        SEMI_HARD
    }

    public Negative {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(kind, "kind");
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
