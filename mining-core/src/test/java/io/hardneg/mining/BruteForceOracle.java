package io.hardneg.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The mining semantics written as plainly as possible: a ring of entries, every similarity by a
 * sequential fused multiply-add loop, guards applied one entry at a time, a full sort of the
 * eligible entries, the random pool as an explicit list in slot order, textbook Floyd sampling with
 * a hash set.
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
            int rankSkipHits,
            int symbolGroupHits,
            double loss,
            double[] weights,
            double[] gradient,
            double[] importanceWeights,
            double weightedLoss) {}

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
            s = Math.fma(a[d], b[d], s);
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
        return mine(p, symbol, endTime, barIndex, a, added);
    }

    static boolean grouped(MiningParams p, String anchorSymbol, String symbol) {
        if (anchorSymbol.equals(symbol)) {
            return false;
        }
        for (Set<String> g : p.symbolGroups()) {
            if (g.contains(anchorSymbol) && g.contains(symbol)) {
                return true;
            }
        }
        return false;
    }

    static long fmix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    static long seed(long seed, String symbol, long endTime) {
        return fmix64(fmix64(fmix64(seed) ^ symbol.hashCode()) ^ endTime);
    }

    Expected mine(
            MiningParams p, String symbol, long endTime, long barIndex, float[] a, long ordinal) {
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
        int groupHits = 0;
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
            if (grouped(p, symbol, e.symbol())) {
                groupHits++;
                continue;
            }
            if (p.maxSimilarity() < 1f && sim > p.maxSimilarity()) {
                maxHits++;
                continue;
            }
            eligible.add(new Scored(s, sim));
        }
        eligible.sort(ORDER);

        int skipped = Math.min(p.rankSkip(), eligible.size());
        eligible = new ArrayList<>(eligible.subList(skipped, eligible.size()));
        int hardK = p.topK();
        int randomK = p.randomCount();
        if (ordinal < p.curriculumAnchors()) {
            // Linear ramp: hard 0 -> topK, random max(topK, randomCount) -> randomCount.
            int r0 = Math.max(p.topK(), p.randomCount());
            hardK = (int) Math.floor((double) p.topK() * ordinal / p.curriculumAnchors());
            randomK =
                    r0
                            - (int)
                                    Math.floor(
                                            (double) (r0 - p.randomCount())
                                                    * ordinal
                                                    / p.curriculumAnchors());
        }

        List<Negative> negatives = new ArrayList<>();
        List<Scored> hard = eligible.subList(0, Math.min(hardK, eligible.size()));
        for (Scored s : hard) {
            negatives.add(new Negative(copy(s.slot().entry()), s.sim(), Negative.Kind.HARD));
        }
        List<Scored> semi = new ArrayList<>();
        boolean semiAvailable = false;
        if (positive != null) {
            float low = sp - p.semiHardMargin();
            for (Scored s : eligible) {
                if (s.sim() > low && s.sim() < sp) {
                    semiAvailable = true;
                    if (!hard.contains(s) && semi.size() < p.semiHardCount()) {
                        negatives.add(
                                new Negative(
                                        copy(s.slot().entry()), s.sim(), Negative.Kind.SEMI_HARD));
                        semi.add(s);
                    }
                }
            }
        }

        List<Scored> pool = new ArrayList<>();
        for (Scored s : eligible) {
            if (!hard.contains(s) && !semi.contains(s)) {
                pool.add(s);
            }
        }
        pool.sort(Comparator.comparingInt(s -> s.slot().slot()));
        int r = Math.min(randomK, pool.size());
        if (r > 0) {
            SplittableRandom rng = new SplittableRandom(seed(p.randomSeed(), symbol, endTime));
            Set<Integer> picked = new HashSet<>();
            for (int j = pool.size() - r; j < pool.size(); j++) {
                int t = rng.nextInt(j + 1);
                picked.add(picked.contains(t) ? j : t);
            }
            List<Scored> drawn = new ArrayList<>();
            for (int t : picked) {
                drawn.add(pool.get(t));
            }
            drawn.sort(ORDER);
            for (Scored s : drawn) {
                negatives.add(new Negative(copy(s.slot().entry()), s.sim(), Negative.Kind.RANDOM));
            }
        }
        negatives.addAll(synthetic(p, symbol, endTime, a, negatives.subList(0, hard.size())));

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
                    skipped,
                    groupHits,
                    Double.NaN,
                    null,
                    null,
                    importance(p, negatives),
                    Double.NaN);
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
        double[] iw = importance(p, negatives);
        double weighted = Double.NaN;
        if (p.importanceBeta() > 0) {
            double denominator = Math.exp(z[0]);
            for (int i = 0; i < negatives.size(); i++) {
                denominator += iw[i] * Math.exp(z[i + 1]);
            }
            weighted = -z[0] + Math.log(denominator);
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
                skipped,
                groupHits,
                loss,
                w,
                g,
                iw,
                weighted);
    }

    /** m * exp(beta s_i) / sum_j exp(beta s_j), unshifted. */
    static double[] importance(MiningParams p, List<Negative> negatives) {
        int m = negatives.size();
        double[] w = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            w[i] = Math.exp(p.importanceBeta() * (double) negatives.get(i).similarity());
            sum += w[i];
        }
        for (int i = 0; i < m; i++) {
            w[i] = m * w[i] / sum;
        }
        return w;
    }

    /** MoCHi mixes, drawn exactly as documented in SyntheticNegatives. */
    static List<Negative> synthetic(
            MiningParams p, String symbol, long endTime, float[] a, List<Negative> hard) {
        List<Negative> out = new ArrayList<>();
        int h = hard.size();
        if (h == 0 || p.syntheticCount() == 0) {
            return out;
        }
        SplittableRandom rng =
                new SplittableRandom(seed(p.randomSeed() ^ 0x5851F42D4C957F2DL, symbol, endTime));
        for (int k = 0; k < p.syntheticCount(); k++) {
            float[] x;
            WindowId idA;
            Negative b;
            double c;
            if (k % 2 == 0 && h >= 2) {
                int i = rng.nextInt(h);
                int j = rng.nextInt(h - 1);
                j = j >= i ? j + 1 : j;
                c = rng.nextDouble();
                x = hard.get(i).entry().embedding();
                idA = new WindowId(hard.get(i).symbol(), hard.get(i).endTime());
                b = hard.get(j);
            } else {
                b = hard.get(rng.nextInt(h));
                c = 0.5 * rng.nextDouble();
                x = a;
                idA = new WindowId(symbol, endTime);
            }
            double[] m = new double[a.length];
            double norm = 0;
            for (int d = 0; d < a.length; d++) {
                m[d] = c * x[d] + (1 - c) * b.entry().embedding()[d];
                norm += m[d] * m[d];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-6) {
                continue;
            }
            float[] e = new float[a.length];
            for (int d = 0; d < a.length; d++) {
                e[d] = (float) (m[d] / norm);
            }
            out.add(
                    new Negative(
                            new BankEntry("<synthetic>", -1, -1, e, b.entry().modelVersion()),
                            dot(a, e),
                            Negative.Kind.SYNTHETIC,
                            idA,
                            new WindowId(b.symbol(), b.endTime()),
                            (float) c));
        }
        return out;
    }

    private static BankEntry copy(BankEntry e) {
        return new BankEntry(
                e.symbol(), e.endTime(), e.barIndex(), e.embedding().clone(), e.modelVersion());
    }
}
