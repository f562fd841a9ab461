package io.hardneg.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mining semantics written as plainly as possible: a ring of entries, every similarity by a
 * sequential float loop, guards applied one entry at a time, a full sort of the eligible entries.
 */
final class BruteForceOracle {

    record Slot(int slot, BankEntry entry, long addOrder) {}

    record Scored(Slot slot, float sim) {}

    record Expected(
            BankEntry positive,
            float positiveSim,
            List<Negative> negatives,
            boolean semiHardAvailable,
            int eligibleCount,
            int bankSize,
            int exclusionHits,
            int maxSimilarityHits,
            double loss,
            double[] weights,
            double[] gradient) {}

    private final int capacity;
    private final Slot[] slots;
    private long added;

    BruteForceOracle(int capacity) {
        this.capacity = capacity;
        this.slots = new Slot[capacity];
    }

    void add(BankEntry e) {
        int slot = (int) (added % capacity);
        slots[slot] = new Slot(slot, copy(e), added);
        added++;
    }

    int size() {
        return (int) Math.min(added, capacity);
    }

    static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    /** Mining order: similarity descending, then (symbol, endTime) ascending, then slot. */
    static final Comparator<Scored> ORDER =
            (x, y) -> {
                if (x.sim() != y.sim()) {
                    return x.sim() > y.sim() ? -1 : 1;
                }
                int c = x.slot().entry().symbol().compareTo(y.slot().entry().symbol());
                if (c != 0) {
                    return c;
                }
                c = Long.compare(x.slot().entry().endTime(), y.slot().entry().endTime());
                return c != 0 ? c : Integer.compare(x.slot().slot(), y.slot().slot());
            };

    Expected mine(MiningParams p, String symbol, long endTime, long barIndex, float[] a) {
        int n = size();
        Slot positive = null;
        for (int i = 0; i < n; i++) {
            Slot s = slots[i];
            if (s.entry().symbol().equals(symbol)
                    && s.entry().barIndex() == barIndex - p.positiveLag()
                    && (positive == null || s.addOrder() > positive.addOrder())) {
                positive = s;
            }
        }
        if (positive != null && positive.entry().endTime() == endTime) {
            positive = null;
        }
        float sp = positive == null ? Float.NaN : dot(a, positive.entry().embedding());

        List<Scored> eligible = new ArrayList<>();
        int exclusion = 0;
        int maxHits = 0;
        for (int i = 0; i < n; i++) {
            Slot s = slots[i];
            BankEntry e = s.entry();
            float sim = dot(a, e.embedding());
            boolean sameSymbol = e.symbol().equals(symbol);
            if (sameSymbol && e.endTime() == endTime) {
                continue;
            }
            if (s == positive) {
                continue;
            }
            if (sameSymbol && Math.abs(e.barIndex() - barIndex) < p.exclusionRadius()) {
                exclusion++;
                continue;
            }
            if (p.maxSimilarity() < 1f && sim > p.maxSimilarity()) {
                maxHits++;
                continue;
            }
            eligible.add(new Scored(s, sim));
        }
        eligible.sort(ORDER);

        List<Negative> negatives = new ArrayList<>();
        List<Scored> hard = eligible.subList(0, Math.min(p.topK(), eligible.size()));
        for (Scored s : hard) {
            negatives.add(new Negative(copy(s.slot().entry()), s.sim(), Negative.Kind.HARD));
        }
        boolean semiAvailable = false;
        if (positive != null) {
            float low = sp - p.semiHardMargin();
            int taken = 0;
            for (Scored s : eligible) {
                if (s.sim() > low && s.sim() < sp) {
                    semiAvailable = true;
                    if (!hard.contains(s) && taken < p.semiHardCount()) {
                        negatives.add(
                                new Negative(
                                        copy(s.slot().entry()), s.sim(), Negative.Kind.SEMI_HARD));
                        taken++;
                    }
                }
            }
        }
        if (positive == null) {
            return new Expected(
                    null,
                    Float.NaN,
                    negatives,
                    false,
                    eligible.size(),
                    n,
                    exclusion,
                    maxHits,
                    Double.NaN,
                    null,
                    null);
        }
        double tau = p.temperature();
        double[] z = new double[negatives.size() + 1];
        z[0] = sp / tau;
        for (int i = 0; i < negatives.size(); i++) {
            z[i + 1] = negatives.get(i).similarity() / tau;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double loss = -z[0] + max + Math.log(sum);
        double[] w = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            w[i] = Math.exp(z[i] - max) / sum;
        }
        float[] pe = positive.entry().embedding();
        double[] g = new double[a.length];
        for (int d = 0; d < a.length; d++) {
            double v = w[0] * pe[d] - pe[d];
            for (int i = 0; i < negatives.size(); i++) {
                v += w[i + 1] * negatives.get(i).entry().embedding()[d];
            }
            g[d] = v / tau;
        }
        return new Expected(
                copy(positive.entry()),
                sp,
                negatives,
                semiAvailable,
                eligible.size(),
                n,
                exclusion,
                maxHits,
                loss,
                w,
                g);
    }

    private static BankEntry copy(BankEntry e) {
        return new BankEntry(
                e.symbol(), e.endTime(), e.barIndex(), e.embedding().clone(), e.modelVersion());
    }
}
