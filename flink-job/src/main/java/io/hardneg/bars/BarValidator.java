package io.hardneg.bars;

/** The checks every bar passes before it enters a window, whatever its source. */
public final class BarValidator {
    private BarValidator() {}

    /** Throws with the first rule the bar breaks. */
    public static void validate(Bar bar) throws BarRejectedException {
        checkPrice("open", bar.open);
        checkPrice("high", bar.high);
        checkPrice("low", bar.low);
        checkPrice("close", bar.close);
        if (bar.high < bar.low) {
            throw new BarRejectedException(
                    RejectReason.HIGH_BELOW_LOW, "high " + bar.high + " is below low " + bar.low);
        }
        checkInside("open", bar.open, bar);
        checkInside("close", bar.close, bar);
        if (!Double.isFinite(bar.volume)) {
            throw new BarRejectedException(
                    RejectReason.NON_FINITE_PRICE, "volume " + bar.volume + " is not finite");
        }
        if (bar.volume < 0) {
            throw new BarRejectedException(
                    RejectReason.NEGATIVE_VOLUME, "volume " + bar.volume + " is negative");
        }
    }

    private static void checkPrice(String field, double value) throws BarRejectedException {
        if (!Double.isFinite(value)) {
            throw new BarRejectedException(
                    RejectReason.NON_FINITE_PRICE, field + " " + value + " is not finite");
        }
        if (value <= 0) {
            throw new BarRejectedException(
                    RejectReason.NON_POSITIVE_PRICE, field + " " + value + " is not positive");
        }
    }

    private static void checkInside(String field, double value, Bar bar)
            throws BarRejectedException {
        if (value < bar.low || value > bar.high) {
            throw new BarRejectedException(
                    RejectReason.PRICE_OUTSIDE_RANGE,
                    field
                            + " "
                            + value
                            + " is outside [low "
                            + bar.low
                            + ", high "
                            + bar.high
                            + "]");
        }
    }
}
