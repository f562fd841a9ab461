package io.hardneg.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exact hard and semi-hard negative mining of one anchor against a {@link MemoryBank}.
 *
 * <p>One query is a similarity scan of every live slot into a scratch array ({@link
 * SimilarityKernel}), a short walk over the anchor symbol's slots that marks the anchor itself, the
 * positive and the exclusion zone as {@code NaN} (every comparison with {@code NaN} is false, so
 * marked slots drop out of the selection for free), and one pass that counts max-similarity hits
 * and feeds two bounded heaps: the top-K eligible slots and the top-(K + semiHardCount) slots of
 * the semi-hard band. Hard negatives are a prefix of the global order, so the band members among
 * them are a prefix of the band's order; the semi-hard negatives are the band members that follow
 * that prefix.
 *
 * <p>Scratch arrays are allocated once (the similarity array on first use, sized to the largest
 * bank seen); a query allocates only its result. Not thread-safe: use one miner per thread.
 */
public final class NegativeMiner {

    private final MiningParams params;
    private final int dim;
    private final float maxSimilarity;
    private final TopKHeap hard;
    private final TopKHeap band;
    private final int[] hardSlots;
    private final int[] bandSlots;
    private float[] sims = new float[0];

    // Per-query counters written by markAnchorSymbol() and select().
    private int selfHits;
    private int exclusionHits;
    private int maxSimilarityHits;
    private int bandMembers;

    public NegativeMiner(MiningParams params, int dim) {
        this.params = Objects.requireNonNull(params, "params");
        if (dim < 1) {
            throw new IllegalArgumentException(
                    "dim must be >= 1, got " + dim + "; use the encoder's embedding size");
        }
        this.dim = dim;
        this.maxSimilarity =
                params.maxSimilarityGuardEnabled()
                        ? params.maxSimilarity()
                        : Float.POSITIVE_INFINITY;
        int bandSize = params.semiHardCount() == 0 ? 0 : params.topK() + params.semiHardCount();
        this.hard = new TopKHeap(params.topK());
        this.band = new TopKHeap(bandSize);
        this.hardSlots = new int[params.topK()];
        this.bandSlots = new int[bandSize];
    }

    public MiningParams params() {
        return params;
    }

    /**
     * Mines negatives for the anchor (symbol, endTime, barIndex, unitAnchor) against the bank as it
     * is now. The anchor is not added: the caller adds it afterwards.
     *
     * @throws IllegalArgumentException if the bank's dim differs from the miner's or the anchor is
     *     not a finite unit vector of that dim
     */
    public MiningResult mine(
            MemoryBank bank, String symbol, long endTime, long barIndex, float[] unitAnchor) {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(symbol, "symbol");
        if (bank.dim() != dim) {
            throw new IllegalArgumentException(
                    "bank has dim " + bank.dim() + " but this miner was built for dim " + dim);
        }
        Embeddings.checkUnit(unitAnchor, dim, "Anchor");
        if (sims.length < bank.paddedCapacity()) {
            sims = new float[bank.paddedCapacity()];
        }
        int positive = bank.findSlot(symbol, barIndex - params.positiveLag());
        if (positive >= 0 && bank.endTimeAt(positive) == endTime) {
            positive = -1; // the anchor itself is never its own positive
        }
        int n = bank.size();
        bank.similarities(unitAnchor, sims);
        float positiveSim = positive >= 0 ? sims[positive] : Float.NaN;

        markAnchorSymbol(bank, symbol, endTime, barIndex, positive);
        // With no positive the band bounds are NaN and no similarity falls inside.
        float bandLow = positiveSim - params.semiHardMargin();
        hard.reset(bank);
        band.reset(bank);
        select(n, bandLow, positiveSim);

        int hardCount = hard.drainBestFirst(hardSlots);
        List<Negative> negatives = new ArrayList<>(hardCount + params.semiHardCount());
        int hardInBand = 0;
        for (int i = 0; i < hardCount; i++) {
            float s = sims[hardSlots[i]];
            if (s > bandLow && s < positiveSim) {
                hardInBand++;
            }
            negatives.add(new Negative(bank.entry(hardSlots[i]), s, Negative.Kind.HARD));
        }
        int bandCount = band.drainBestFirst(bandSlots);
        int semiEnd = Math.min(bandCount, hardInBand + params.semiHardCount());
        for (int i = hardInBand; i < semiEnd; i++) {
            int slot = bandSlots[i];
            negatives.add(new Negative(bank.entry(slot), sims[slot], Negative.Kind.SEMI_HARD));
        }

        int eligible = n - selfHits - (positive >= 0 ? 1 : 0) - exclusionHits - maxSimilarityHits;
        if (positive < 0) {
            return new MiningResult(
                    null,
                    Float.NaN,
                    negatives,
                    false,
                    eligible,
                    n,
                    Double.NaN,
                    null,
                    null,
                    exclusionHits,
                    maxSimilarityHits);
        }
        BankEntry positiveEntry = bank.entry(positive);
        float[] negativeSims = new float[negatives.size()];
        float[][] negativeEmbeddings = new float[negatives.size()][];
        for (int i = 0; i < negativeSims.length; i++) {
            negativeSims[i] = negatives.get(i).similarity();
            negativeEmbeddings[i] = negatives.get(i).entry().embedding();
        }
        double[] logits = InfoNce.logits(positiveSim, negativeSims, params.temperature());
        double[] weights = InfoNce.softmax(logits);
        float[] gradient =
                InfoNce.gradient(
                        weights,
                        positiveEntry.embedding(),
                        negativeEmbeddings,
                        params.temperature());
        return new MiningResult(
                positiveEntry,
                positiveSim,
                negatives,
                bandMembers > 0,
                eligible,
                n,
                InfoNce.loss(logits),
                weights,
                gradient,
                exclusionHits,
                maxSimilarityHits);
    }

    /**
     * Marks, among the anchor symbol's slots, the anchor itself, the positive and the exclusion
     * zone as NaN in the similarity scratch, counting self and exclusion hits.
     */
    private void markAnchorSymbol(
            MemoryBank bank, String symbol, long endTime, long barIndex, int positive) {
        selfHits = 0;
        exclusionHits = 0;
        long radius = params.exclusionRadius();
        for (int slot = bank.firstSlotOf(symbol); slot >= 0; slot = bank.nextSameSymbol(slot)) {
            if (bank.endTimeAt(slot) == endTime) {
                sims[slot] = Float.NaN;
                selfHits++;
            } else if (slot == positive) {
                sims[slot] = Float.NaN;
            } else if (Math.abs(bank.barIndexAt(slot) - barIndex) < radius) {
                sims[slot] = Float.NaN;
                exclusionHits++;
            }
        }
    }

    /**
     * One pass over the live slots: counts max-similarity hits and band members and feeds the
     * heaps. NaN-marked slots fail every comparison.
     *
     * <p>Written for the branch predictor: about half of all slots may lie in the semi-hard band,
     * in no predictable order, so band membership is computed with non-short-circuit {@code &} (C2
     * emits set-on-condition instructions, no jump) and only the rare events branch: a slot that
     * beats a heap threshold or exceeds the max-similarity guard. Counting band members with an
     * {@code if} cost more than the similarity scan itself on a 4,096 x 32 bank.
     */
    private void select(int n, float bandLow, float bandHigh) {
        float[] s = sims;
        float maxSim = maxSimilarity;
        float hardThreshold = hard.threshold();
        float bandThreshold = band.threshold();
        int maxHits = 0;
        int inBand = 0;
        for (int i = 0; i < n; i++) {
            float v = s[i];
            // The hard heap admits nothing above maxSim, so its threshold stays <= maxSim once
            // full; with topK = 0 the threshold is +Inf and the second test catches the hits.
            if ((v >= hardThreshold) | (v > maxSim)) {
                if (v > maxSim) {
                    maxHits++;
                    continue;
                }
                hardThreshold = hard.offer(i, v);
            }
            boolean member = (v > bandLow) & (v < bandHigh) & (v <= maxSim);
            inBand += member ? 1 : 0;
            if (member & (v >= bandThreshold)) {
                bandThreshold = band.offer(i, v);
            }
        }
        maxSimilarityHits = maxHits;
        bandMembers = inBand;
    }
}
