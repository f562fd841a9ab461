package io.hardneg.job;

/**
 * The mean of the last {@code size} InfoNCE losses a subtask computed, for the {@code
 * mining.meanLoss} gauge: a ring of values and their running sum, recomputed exactly from the ring
 * every {@code size} additions so that rounding does not drift. NaN while empty.
 */
final class LossWindow {
    private final double[] values;
    private int next;
    private int count;
    private long added;
    private double sum;

    LossWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        this.values = new double[size];
    }

    /** Adds a loss; non-finite values (no positive) are ignored. */
    void add(double loss) {
        if (!Double.isFinite(loss)) {
            return;
        }
        if (count == values.length) {
            sum -= values[next];
        } else {
            count++;
        }
        values[next] = loss;
        sum += loss;
        next = (next + 1) % values.length;
        if (++added % values.length == 0) {
            sum = 0;
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
        }
    }

    double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
