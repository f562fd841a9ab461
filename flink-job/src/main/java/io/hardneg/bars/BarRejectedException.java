package io.hardneg.bars;

/** A bar that cannot be used, with the reason and a readable detail naming the value. */
public final class BarRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public BarRejectedException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
