package io.hardneg.job;

import io.hardneg.mining.Negative;
import java.util.Arrays;

/**
 * The anchors of one bank key in one statistics interval {@code [start, end)}, gathered for {@link
 * StatsJson}: counts, guard sums, and every loss and similarity, so that the mean and the quantiles
 * are exact and do not depend on the order the anchors were added in.
 */
final class StatsInterval {
    /** The quantiles each distribution is summarised by, in percent. */
    static final int[] PERCENTILES = {5, 50, 95};

    final long start;
    final long end;
    int anchors;
    int anchorsWithPositive;
    int semiHardEmpty;
    long exclusionHits;
    long symbolGroupHits;
    long maxSimilarityHits;
    long rankSkipHits;
    private final Values losses = new Values();
    private final Values positive = new Values();
    private final Values[] negatives = new Values[Negative.Kind.values().length];

    StatsInterval(long start, long end) {
        this.start = start;
        this.end = end;
        for (int k = 0; k < negatives.length; k++) {
            negatives[k] = new Values();
        }
    }

    void add(AnchorStat stat) {
        anchors++;
        if (stat.hasPositive()) {
            anchorsWithPositive++;
            losses.add(stat.loss);
            positive.add(stat.positiveSimilarity);
            if (!stat.semiHardAvailable) {
                semiHardEmpty++;
            }
        }
        for (Negative.Kind kind : Negative.Kind.values()) {
            for (float s : stat.similarities(kind)) {
                negatives[kind.ordinal()].add(s);
            }
        }
        exclusionHits += stat.exclusionHits;
        symbolGroupHits += stat.symbolGroupHits;
        maxSimilarityHits += stat.maxSimilarityHits;
        rankSkipHits += stat.rankSkipHits;
    }

    /** Mean loss over the anchors with a positive, summed in ascending order; NaN if none. */
    double meanLoss() {
        double[] sorted = losses.sorted();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    /** Anchors with a positive and an empty semi-hard band, over anchors with a positive. */
    double semiHardEmptyRate() {
        return anchorsWithPositive == 0 ? Double.NaN : (double) semiHardEmpty / anchorsWithPositive;
    }

    /** The sorted values of s(a,p). */
    double[] positiveSimilarities() {
        return positive.sorted();
    }

    /** The sorted values of s(a,n) of one kind of negative. */
    double[] negativeSimilarities(Negative.Kind kind) {
        return negatives[kind.ordinal()].sorted();
    }

    /**
     * The {@code percent} quantile of sorted values by linear interpolation between the closest
     * ranks, as numpy.quantile's default method: {@code h = (n - 1) * percent / 100}, {@code q =
     * x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])}. The fractional part is
     * computed from integers, so it is exact. NaN for no values.
     */
    static double quantile(double[] sorted, int percent) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        long scaled = (long) (n - 1) * percent;
        int lo = (int) (scaled / 100);
        long remainder = scaled % 100;
        if (remainder == 0) {
            return sorted[lo];
        }
        return sorted[lo] + (remainder / 100.0) * (sorted[lo + 1] - sorted[lo]);
    }

    /** A growing array of doubles. */
    private static final class Values {
        private double[] values = new double[16];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] sorted() {
            double[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
