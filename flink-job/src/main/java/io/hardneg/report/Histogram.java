package io.hardneg.report;

/**
 * Counts of values in fixed, equal-width bins over [min, max]; values outside are clamped into the
 * first or last bin, so no value is lost and memory does not grow with the input.
 */
final class Histogram {
    private final double min;
    private final double max;
    private final long[] counts;
    private long total;

    Histogram(double min, double max, int bins) {
        if (!(max > min) || bins < 1) {
            throw new IllegalArgumentException(
                    "histogram range ["
                            + min
                            + ", "
                            + max
                            + "] with "
                            + bins
                            + " bins: expected max > min and at least one bin");
        }
        this.min = min;
        this.max = max;
        this.counts = new long[bins];
    }

    void add(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int bin = (int) Math.floor((value - min) / (max - min) * counts.length);
        counts[Math.max(0, Math.min(counts.length - 1, bin))]++;
        total++;
    }

    int bins() {
        return counts.length;
    }

    long count(int bin) {
        return counts[bin];
    }

    long total() {
        return total;
    }

    double binCenter(int bin) {
        return min + (bin + 0.5) * (max - min) / counts.length;
    }

    double binWidth() {
        return (max - min) / counts.length;
    }
}
