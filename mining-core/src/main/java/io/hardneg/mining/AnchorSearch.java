package io.hardneg.mining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The state of mining one anchor, fed one bank block at a time so that {@link NegativeMiner} can
 * scan a block for several anchors while it is in cache.
 *
 * <p>{@link #prepare} finds the positive and sets a bit for every slot that a symbol guard removes
 * (the anchor itself, the positive, the exclusion zone, the symbol groups); {@link #scanBlock}
 * turns those slots' similarities into {@code NaN} (every comparison with {@code NaN} is false, so
 * they drop out of the selection for free), counts max-similarity hits and band members and feeds
 * two bounded heaps: the top (rankSkip + K) eligible slots and the top (rankSkip + K +
 * semiHardCount) slots of the semi-hard band. Hard negatives are a prefix of the global order, so
 * the band members among the skipped and hard ones are a prefix of the band's order. {@link
 * #finish} draws random and synthetic negatives and computes InfoNCE.
 *
 * <p>Random negatives are the entries with pool indexes drawn by {@link AnchorRandom#sample}, where
 * the pool is the eligible entries that are not skipped, hard or semi-hard, numbered in slot order.
 * Only the blocks holding a drawn index are scanned again (the kernel is deterministic, so the
 * similarities are bit-identical).
 *
 * <p>Scratch arrays grow to the largest bank seen and are reused; the block scan allocates nothing.
 * Not thread-safe.
 */
final class AnchorSearch {

    private final MiningParams params;
    private final float maxSimilarity;
    private final Map<String, String[]> groupPeers;
    private final TopKHeap hard;
    private final TopKHeap band;
    private final int[] hardSlots;
    private final float[] hardSims;
    private final int[] bandSlots;
    private final float[] bandSims;

    /** One bit per slot removed by a symbol guard (and, while drawing, per chosen slot). */
    private long[] markBits = new long[0];

    /** The slots whose bit is set, to clear them after the query. */
    private int[] marks = new int[64];

    private int markCount;
    private int[] blockEligible = new int[0];
    private float[] acc = new float[0];
    private float[] row = new float[0];

    // The query.
    private MemoryBank bank;
    private String symbol;
    private long endTime;
    private float[] anchor;
    private long ordinal;
    private int n;
    private int positive;
    private BankEntry explicitPositive;
    private float positiveSim;
    private float bandLow;

    /**
     * {@code nextUp} of {@link #bandLow} and of the max-similarity guard: "v <= x" is "v <
     * nextUp(x)", so every test of {@link #cutoff} is a strict bound.
     */
    private float bandLowUp;

    private final float maxSimilarityUp;

    // Counters and thresholds of the scan.
    private int selfHits;
    private int exclusionHits;
    private int groupHits;
    private int maxHits;
    private int bandMembers;
    private float hardThreshold;
    private float bandThreshold;

    AnchorSearch(MiningParams params, Map<String, String[]> groupPeers) {
        this.params = params;
        this.groupPeers = groupPeers;
        this.maxSimilarity =
                params.maxSimilarityGuardEnabled()
                        ? params.maxSimilarity()
                        : Float.POSITIVE_INFINITY;
        this.maxSimilarityUp = Math.nextUp(maxSimilarity);
        int hardSize = params.rankSkip() + params.topK();
        int bandSize = params.semiHardCount() == 0 ? 0 : hardSize + params.semiHardCount();
        this.hard = new TopKHeap(hardSize);
        this.band = new TopKHeap(bandSize);
        this.hardSlots = new int[hardSize];
        this.hardSims = new float[hardSize];
        this.bandSlots = new int[bandSize];
        this.bandSims = new float[bandSize];
    }

    /** Starts a query; the bank must not change until {@link #finish}. */
    void prepare(
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal) {
        prepare(bank, symbol, endTime, barIndex, unitAnchor, anchorOrdinal, null);
    }

    /**
     * As {@link #prepare(MemoryBank, String, long, long, float[], long)}, with a positive given by
     * the caller (an augmented view of the anchor) instead of looked up in the bank; null means
     * look it up.
     */
    void prepare(
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal,
            BankEntry givenPositive) {
        this.bank = bank;
        this.symbol = symbol;
        this.endTime = endTime;
        this.anchor = unitAnchor;
        this.ordinal = anchorOrdinal;
        this.n = bank.size();
        int padded = bank.paddedCapacity();
        if (markBits.length < (padded + 63) >>> 6) {
            markBits = new long[(padded + 63) >>> 6];
        }
        int blocks = padded / bank.blockRows();
        if (blockEligible.length < blocks) {
            blockEligible = new int[blocks];
        }
        if (acc.length != bank.blockRows()) {
            acc = new float[bank.blockRows()];
        }
        if (row.length != unitAnchor.length) {
            row = new float[unitAnchor.length];
        }

        explicitPositive = givenPositive;
        positive =
                givenPositive != null ? -1 : bank.findSlot(symbol, barIndex - params.positiveLag());
        if (positive >= 0 && bank.endTimeAt(positive) == endTime) {
            positive = -1; // the anchor itself is never its own positive
        }
        if (givenPositive != null) {
            positiveSim = SyntheticNegatives.dot(unitAnchor, givenPositive.embedding());
        } else if (positive >= 0) {
            bank.copyEmbedding(positive, row);
            positiveSim = SyntheticNegatives.dot(unitAnchor, row);
        } else {
            positiveSim = Float.NaN;
        }
        // With no positive the band bounds are NaN and no similarity falls inside.
        bandLow = positiveSim - params.semiHardMargin();
        bandLowUp = Math.nextUp(bandLow);

        markCount = 0;
        selfHits = 0;
        exclusionHits = 0;
        groupHits = 0;
        long radius = params.exclusionRadius();
        for (int slot = bank.firstSlotOf(symbol); slot >= 0; slot = bank.nextSameSymbol(slot)) {
            if (bank.endTimeAt(slot) == endTime) {
                mark(slot);
                selfHits++;
            } else if (slot == positive) {
                mark(slot);
            } else if (Math.abs(bank.barIndexAt(slot) - barIndex) < radius) {
                mark(slot);
                exclusionHits++;
            }
        }
        String[] peers = groupPeers.get(symbol);
        if (peers != null) {
            for (String peer : peers) {
                for (int s = bank.firstSlotOf(peer); s >= 0; s = bank.nextSameSymbol(s)) {
                    mark(s);
                    groupHits++;
                }
            }
        }

        hard.reset(bank);
        band.reset(bank);
        hardThreshold = hard.threshold();
        bandThreshold = band.threshold();
        maxHits = 0;
        bandMembers = 0;
    }

    float[] anchor() {
        return anchor;
    }

    /** Number of blocks holding live slots. */
    int blocks() {
        return (n + bank.blockRows() - 1) / bank.blockRows();
    }

    /** Scans block {@code block} with its similarities from the kernel in {@code acc}. */
    void scanBlockFromKernel(int block) {
        boolean hit = bank.blockSimilarities(block, anchor, acc, cutoff());
        scanBlock(block, acc, hit);
    }

    /**
     * The similarity at or above which a row of the next block can change this search: it could
     * enter the hard heap, exceed the max-similarity guard, or touch the semi-hard band (which
     * matters only until the band heap is full and enough members were counted). A block with every
     * similarity below it needs no per-row selection. Once the hard heap is full its threshold is
     * near the top of the similarity distribution, and on a random 65,536-row bank nearly every
     * later block falls below it.
     */
    float cutoff() {
        return cutoff(hardThreshold, bandThreshold, bandMembers > params.rankSkip());
    }

    private float cutoff(float hardT, float bandT, boolean membersCounted) {
        float band;
        if (Float.isNaN(bandLow)) {
            band = Float.POSITIVE_INFINITY; // no positive: no similarity lies in the band
        } else if (membersCounted) {
            // The member count already decides semiHardAvailable (skippedInBand <= rankSkip in
            // finish), so only rows the band heap would take still matter.
            band = Math.max(bandLowUp, bandT);
        } else {
            band = bandLowUp;
        }
        return Math.min(hardT, Math.min(maxSimilarityUp, band));
    }

    /**
     * Selection over one block whose similarities are in {@code sims[0, rows)}; the block's marked
     * slots are set to NaN in {@code sims} first. {@code reachedCutoff}: whether any similarity of
     * the block (marked slots included, which only makes the answer more conservative) is at least
     * {@link #cutoff()} as it was before this block; when none is, only the marks are counted.
     *
     * <p>Written for the branch predictor: about half of all slots may lie in the semi-hard band,
     * in no predictable order, so band membership is computed with non-short-circuit {@code &} (C2
     * emits set-on-condition instructions, no jump) and only the rare events branch: a slot that
     * beats a heap threshold or exceeds the max-similarity guard. Counting band members with an
     * {@code if} cost more than the similarity scan itself on a 4,096 x 32 bank.
     */
    void scanBlock(int block, float[] sims, boolean reachedCutoff) {
        int start = block * bank.blockRows();
        int rows = Math.min(bank.blockRows(), n - start);
        if (!reachedCutoff) {
            blockEligible[block] = rows - applyMarks(start, rows, sims);
            return;
        }
        int marked = applyMarks(start, rows, sims);
        float maxSim = maxSimilarity;
        float low = bandLow;
        float high = positiveSim;
        float hardT = hardThreshold;
        float bandT = bandThreshold;
        int hits = 0;
        int inBand = 0;
        boolean membersCounted = bandMembers > params.rankSkip();
        if (membersCounted) {
            // Only rows at or above the cutoff can change anything now (see cutoff()): one
            // well-predicted compare per row, the full test for the few that pass. The cutoff only
            // rises as the heaps' thresholds do, so a row below it stays irrelevant.
            float cut = cutoff(hardT, bandT, true);
            for (int i = Kernels.firstAtLeast(sims, 0, rows, cut);
                    i < rows;
                    i = Kernels.firstAtLeast(sims, i + 1, rows, cut)) {
                float v = sims[i];
                {
                    if (v > maxSim) {
                        hits++;
                        continue;
                    }
                    if (v >= hardT) {
                        hardT = hard.offer(start + i, v);
                    }
                    if ((v > low) & (v < high) & (v >= bandT)) {
                        bandT = band.offer(start + i, v);
                    }
                    cut = cutoff(hardT, bandT, true);
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                float v = sims[i];
                // The hard heap admits nothing above maxSim, so its threshold stays <= maxSim once
                // full; with a zero-size heap the threshold is +Inf and the second test catches
                // hits.
                if ((v >= hardT) | (v > maxSim)) {
                    if (v > maxSim) {
                        hits++;
                        continue;
                    }
                    hardT = hard.offer(start + i, v);
                }
                boolean member = (v > low) & (v < high) & (v <= maxSim);
                inBand += member ? 1 : 0;
                if (member & (v >= bandT)) {
                    bandT = band.offer(start + i, v);
                }
            }
        }
        hardThreshold = hardT;
        bandThreshold = bandT;
        maxHits += hits;
        bandMembers += inBand;
        blockEligible[block] = rows - marked - hits;
    }

    /** Builds the result once every block has been scanned, and clears the marks. */
    MiningResult finish() {
        Targets t = Targets.of(params, ordinal);
        int hardCount = hard.drainBestFirst(hardSlots, hardSims);
        int skipped = Math.min(params.rankSkip(), hardCount);
        int hardEnd = Math.min(hardCount, skipped + t.hard());
        int skippedInBand = 0;
        int hardInBand = 0;
        for (int i = 0; i < hardEnd; i++) {
            float s = hardSims[i];
            if (s > bandLow && s < positiveSim) {
                if (i < skipped) {
                    skippedInBand++;
                } else {
                    hardInBand++;
                }
            }
        }
        int bandCount = band.drainBestFirst(bandSlots, bandSims);
        int semiStart = Math.min(bandCount, skippedInBand + hardInBand);
        int semiEnd = Math.min(bandCount, semiStart + params.semiHardCount());

        int most = hardEnd - skipped + semiEnd - semiStart + t.random() + params.syntheticCount();
        List<Negative> negatives = new ArrayList<>(most);
        int[] slots = new int[most];
        Arrays.fill(slots, -1); // synthetic negatives are in no slot
        for (int i = skipped; i < hardEnd; i++) {
            slots[negatives.size()] = hardSlots[i];
            negatives.add(new Negative(bank.entry(hardSlots[i]), hardSims[i], Negative.Kind.HARD));
        }
        for (int i = semiStart; i < semiEnd; i++) {
            slots[negatives.size()] = bandSlots[i];
            negatives.add(
                    new Negative(bank.entry(bandSlots[i]), bandSims[i], Negative.Kind.SEMI_HARD));
        }
        int guarded = selfHits + (positive >= 0 ? 1 : 0) + exclusionHits + groupHits + maxHits;
        int eligible = n - guarded - skipped;
        int pool = eligible - (hardEnd - skipped) - (semiEnd - semiStart);
        int randomCount = Math.min(t.random(), pool);
        if (randomCount > 0) {
            for (int i = 0; i < hardEnd; i++) {
                chooseSlot(hardSlots[i]);
            }
            for (int i = semiStart; i < semiEnd; i++) {
                chooseSlot(bandSlots[i]);
            }
            drawRandom(randomCount, negatives, slots);
        }
        clearMarks();
        if (params.syntheticCount() > 0) {
            SyntheticNegatives.mix(
                    AnchorRandom.forSynthetic(params.randomSeed(), symbol, endTime),
                    params.syntheticCount(),
                    new WindowId(symbol, endTime),
                    anchor,
                    List.copyOf(negatives.subList(0, hardEnd - skipped)),
                    negatives);
        }
        MiningResult.Counts counts =
                new MiningResult.Counts(eligible, n, exclusionHits, maxHits, skipped, groupHits);
        BankEntry positiveEntry =
                explicitPositive != null
                        ? explicitPositive
                        : positive >= 0 ? bank.entry(positive) : null;
        int positiveSlot = explicitPositive == null ? positive : -1;
        explicitPositive = null;
        boolean semiAvailable = bandMembers - skippedInBand > 0;
        bank = null;
        return MiningResult.of(
                positiveEntry,
                positiveSlot,
                positiveSim,
                negatives,
                Arrays.copyOf(slots, negatives.size()),
                semiAvailable,
                counts,
                params);
    }

    /**
     * Draws {@code r} random negatives from the pool and appends them, best first, with their slots
     * at the same positions of {@code outSlots}.
     */
    private void drawRandom(int r, List<Negative> out, int[] outSlots) {
        int[] targets = new int[r];
        SplittableRandom rng =
                AnchorRandom.forRandomNegatives(params.randomSeed(), symbol, endTime);
        int pool = 0;
        for (int b = 0, blocks = blocks(); b < blocks; b++) {
            pool += blockEligible[b];
        }
        AnchorRandom.sample(rng, pool, r, targets);
        int[] slots = new int[r];
        float[] sims = new float[r];
        int next = 0;
        int first = 0; // pool index of the block's first member
        int rowsPerBlock = bank.blockRows();
        for (int b = 0, blocks = blocks(); b < blocks && next < r; b++) {
            int end = first + blockEligible[b];
            if (targets[next] < end) {
                int start = b * rowsPerBlock;
                int rows = Math.min(rowsPerBlock, n - start);
                bank.blockSimilarities(b, anchor, acc, Float.POSITIVE_INFINITY);
                applyMarks(start, rows, acc);
                int index = first;
                for (int i = 0; i < rows && next < r; i++) {
                    if (acc[i] <= maxSimilarity) {
                        if (index == targets[next]) {
                            slots[next] = start + i;
                            sims[next] = acc[i];
                            next++;
                        }
                        index++;
                    }
                }
            }
            first = end;
        }
        // Best first among themselves: similarity descending, then window id, then slot.
        for (int i = 1; i < r; i++) {
            int slot = slots[i];
            float sim = sims[i];
            int j = i - 1;
            while (j >= 0 && hard.better(slot, sim, slots[j], sims[j])) {
                slots[j + 1] = slots[j];
                sims[j + 1] = sims[j];
                j--;
            }
            slots[j + 1] = slot;
            sims[j + 1] = sim;
        }
        for (int i = 0; i < r; i++) {
            outSlots[out.size()] = slots[i];
            out.add(new Negative(bank.entry(slots[i]), sims[i], Negative.Kind.RANDOM));
        }
    }

    private void mark(int slot) {
        if (markCount == marks.length) {
            marks = java.util.Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = slot;
        markBits[slot >>> 6] |= 1L << slot;
    }

    /** Removes a chosen (skipped, hard or semi-hard) slot from the random pool. */
    private void chooseSlot(int slot) {
        mark(slot);
        blockEligible[slot / bank.blockRows()]--;
    }

    private void clearMarks() {
        for (int i = 0; i < markCount; i++) {
            markBits[marks[i] >>> 6] = 0L;
        }
        markCount = 0;
    }

    /**
     * Sets the marked slots of {@code [start, start + rows)} to NaN in {@code sims} (indexed from
     * {@code start}) and returns their number. {@code start} is 0 or a multiple of 256.
     */
    private int applyMarks(int start, int rows, float[] sims) {
        int count = 0;
        int end = start + rows;
        for (int w = start >>> 6, last = (end - 1) >>> 6; w <= last; w++) {
            long bits = markBits[w];
            while (bits != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (slot < end) {
                    sims[slot - start] = Float.NaN;
                    count++;
                }
            }
        }
        return count;
    }

    /** Hard and random negatives wanted for an anchor, after the curriculum. */
    record Targets(int hard, int random) {

        /**
         * Over the first N = curriculumAnchors anchors (ordinal 0 .. N - 1) the hard count is
         * {@code floor(topK * o / N)} and the random count {@code R0 - floor((R0 - randomCount) * o
         * / N)} with {@code R0 = max(topK, randomCount)}; from ordinal N on, topK and randomCount.
         * With randomCount 0 the two add up to topK at every ordinal.
         */
        static Targets of(MiningParams p, long o) {
            long total = p.curriculumAnchors();
            if (total == 0 || o >= total) {
                return new Targets(p.topK(), p.randomCount());
            }
            int r0 = Math.max(p.topK(), p.randomCount());
            int hard = (int) (p.topK() * o / total);
            int random = r0 - (int) ((long) (r0 - p.randomCount()) * o / total);
            return new Targets(hard, random);
        }
    }
}
