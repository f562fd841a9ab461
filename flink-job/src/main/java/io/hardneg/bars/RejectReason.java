package io.hardneg.bars;

/** Why a bar was not used. Each reason is a metric counter and a dead-letter field. */
public enum RejectReason {
    MALFORMED("malformed"),
    MISSING_FIELD("missing-field"),
    MISTYPED_FIELD("mistyped-field"),
    NON_FINITE_PRICE("non-finite-price"),
    NON_POSITIVE_PRICE("non-positive-price"),
    HIGH_BELOW_LOW("high-below-low"),
    PRICE_OUTSIDE_RANGE("price-outside-range"),
    NEGATIVE_VOLUME("negative-volume"),
    FUTURE_TIME("future-time"),
    DUPLICATE("duplicate"),
    LATE("late");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** The reason as written in dead letters and metric names. */
    public String label() {
        return label;
    }
}
