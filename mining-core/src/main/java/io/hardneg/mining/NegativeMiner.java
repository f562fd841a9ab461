package io.hardneg.mining;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exact negative mining of one anchor, or of a batch of anchors, against a {@link MemoryBank}.
 *
 * <p>A query scans the bank block by block (up to 256 rows, {@link SimilarityKernel}) and feeds
 * each block's similarities straight into the selection ({@link AnchorSearch}): hard negatives
 * (after the rank skip and the symbol guards), semi-hard ones, then random and synthetic ones and
 * InfoNCE. {@link #mineBatch} runs the same per-anchor steps, but scans each block for every anchor
 * of the batch before moving on, so that the block is read from memory once per batch instead of
 * once per anchor.
 *
 * <p>Scratch arrays are allocated on first use (sized to the largest bank and batch seen); a query
 * allocates only its result. Not thread-safe: use one miner per thread.
 */
public final class NegativeMiner {

    private final MiningParams params;
    private final int dim;
    private final Map<String, String[]> groupPeers;
    private final AnchorSearch single;
    private AnchorSearch[] batch = new AnchorSearch[0];

    /** Similarities of one block for four anchors of a batch, their queries and cutoffs. */
    private float[][] acc = new float[4][0];

    private final float[][] quad = new float[4][];
    private final float[] cutoffs = new float[4];

    /** The group of {@link #beginGroup}: its anchors and their similarities to the bank then. */
    private MemoryBank groupBank;

    private float[][] groupAnchors = new float[0][];
    private int groupSize;
    private long groupTotalAdded;
    private int groupCursor;
    private int groupBlocks;
    private float[][] groupSims = new float[0][];

    /** Per anchor of the group, the largest similarity of each block (for the cutoff test). */
    private float[][] groupMax = new float[0][];

    private float[] groupBlock = new float[0];

    public NegativeMiner(MiningParams params, int dim) {
        this.params = Objects.requireNonNull(params, "params");
        if (dim < 1) {
            throw new IllegalArgumentException(
                    "dim must be >= 1, got " + dim + "; use the encoder's embedding size");
        }
        this.dim = dim;
        this.groupPeers = groupPeers(params.symbolGroups());
        this.single = new AnchorSearch(params, groupPeers);
    }

    public MiningParams params() {
        return params;
    }

    /**
     * Mines negatives for the anchor with {@code anchorOrdinal = bank.totalAdded()}: the engine
     * adds every anchor after mining it, so this is the number of anchors mined before this one
     * (restores included), which keeps the curriculum deterministic across restarts.
     *
     * @see #mine(MemoryBank, String, long, long, float[], long)
     */
    public MiningResult mine(
            MemoryBank bank, String symbol, long endTime, long barIndex, float[] unitAnchor) {
        Objects.requireNonNull(bank, "bank");
        return mine(bank, symbol, endTime, barIndex, unitAnchor, bank.totalAdded());
    }

    /**
     * Mines negatives for the anchor (symbol, endTime, barIndex, unitAnchor) against the bank as it
     * is now. The anchor is not added: the caller adds it afterwards.
     *
     * @param anchorOrdinal the anchor's position in the stream, at least 0; only the curriculum
     *     ({@value MiningParams#CURRICULUM_ANCHORS}) reads it
     * @throws IllegalArgumentException if the bank's dim differs from the miner's, the anchor is
     *     not a finite unit vector of that dim or the ordinal is negative
     */
    public MiningResult mine(
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal) {
        check(bank, symbol, unitAnchor, anchorOrdinal);
        return search(bank, symbol, endTime, barIndex, unitAnchor, anchorOrdinal, null, -1);
    }

    /**
     * As {@link #mine(MemoryBank, String, long, long, float[], long)} with a positive given by the
     * caller, e.g. an augmented view of the anchor embedded alongside it ({@code
     * positive.strategy=augmented}); it must be a finite unit vector of the bank's dim. The
     * same-symbol windows near the anchor stay excluded by the exclusion radius.
     */
    public MiningResult mine(
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal,
            BankEntry positive) {
        check(bank, symbol, unitAnchor, anchorOrdinal);
        Objects.requireNonNull(positive, "positive");
        check(bank, symbol, positive.embedding(), anchorOrdinal);
        return search(bank, symbol, endTime, barIndex, unitAnchor, anchorOrdinal, positive, -1);
    }

    /**
     * Selection over the bank block by block, with each block's similarities from the kernel, or,
     * for anchor {@code groupIndex} of the current group (-1: none), from the group's pass where no
     * add has written the block since.
     */
    private MiningResult search(
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal,
            BankEntry positive,
            int groupIndex) {
        AnchorSearch s = single;
        s.prepare(bank, symbol, endTime, barIndex, unitAnchor, anchorOrdinal, positive);
        int rows = bank.blockRows();
        for (int b = 0, blocks = s.blocks(); b < blocks; b++) {
            if (groupIndex < 0 || !unchangedSinceGroup(bank, b)) {
                s.scanBlockFromKernel(b);
            } else if (groupMax[groupIndex][b] >= s.cutoff()) {
                // The block's largest similarity (rows past the size included, as the kernel's
                // test does) reaches the cutoff: scan a copy, since the scan overwrites marked
                // slots.
                System.arraycopy(groupSims[groupIndex], b * rows, groupBlock, 0, rows);
                s.scanBlock(b, groupBlock, true);
            } else {
                // Only the marks are counted, which writes to the array but reads nothing.
                s.scanBlock(b, groupBlock, false);
            }
        }
        return s.finish();
    }

    /**
     * Computes the similarities of up to a few dozen anchors to the bank as it is now, four anchors
     * per pass over each block (as {@link #mineBatch}), for {@link #mineInGroup}: the anchors are
     * then mined one by one, each added to the bank by the caller before the next is mined, with
     * exactly the results of {@link #mine} in that order. Only the blocks that the adds since this
     * call have written are computed again. The similarities take {@code 4 * anchors * capacity}
     * bytes (kept for the next group), so callers split large groups. Replaces the group before.
     * Between this call and the group's last {@link #mineInGroup}, change the bank only with {@link
     * MemoryBank#add}: the blocks to scan again are found from the adds counted since, so a {@code
     * restoreSlot} in between would go unseen. A group of one anchor is searched as {@link #mine}
     * searches, with no pass of its own.
     *
     * @throws IllegalArgumentException if the bank's dim differs from the miner's or an anchor is
     *     not of that dim
     */
    public void beginGroup(MemoryBank bank, List<float[]> unitAnchors) {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(unitAnchors, "unitAnchors");
        if (bank.dim() != dim) {
            throw new IllegalArgumentException(
                    "bank has dim " + bank.dim() + " but this miner was built for dim " + dim);
        }
        int count = unitAnchors.size();
        int padded = bank.paddedCapacity();
        int rows = bank.blockRows();
        if (groupAnchors.length < count) {
            groupAnchors = new float[count][];
        }
        if (groupSims.length < count) {
            groupSims = Arrays.copyOf(groupSims, count);
            groupMax = Arrays.copyOf(groupMax, count);
        }
        for (int i = 0; i < count; i++) {
            float[] a = unitAnchors.get(i);
            if (a.length != dim) {
                throw new IllegalArgumentException(
                        "anchor " + i + " has dim " + a.length + " but this miner is for " + dim);
            }
            groupAnchors[i] = a;
            if (count > 1 && (groupSims[i] == null || groupSims[i].length != padded)) {
                groupSims[i] = new float[padded];
                groupMax[i] = new float[padded / rows];
            }
        }
        if (acc[0].length != rows) {
            acc = new float[4][rows];
        }
        if (groupBlock.length != rows) {
            groupBlock = new float[rows];
        }
        groupBank = bank;
        groupSize = count;
        groupTotalAdded = bank.totalAdded();
        groupCursor = bank.nextSlot();
        // A lone anchor is searched by the single kernel: a pass computes four lanes whatever.
        groupBlocks = count > 1 ? (bank.size() + rows - 1) / rows : 0;
        Arrays.fill(cutoffs, Float.POSITIVE_INFINITY);
        for (int b = 0; b < groupBlocks; b++) {
            for (int i = 0; i < count; i += 4) {
                int last = Math.min(4, count - i) - 1;
                for (int j = 0; j < 4; j++) {
                    quad[j] = groupAnchors[i + Math.min(j, last)];
                }
                bank.blockSimilarities4(b, quad, acc, cutoffs);
                for (int j = 0; j <= last; j++) {
                    System.arraycopy(acc[j], 0, groupSims[i + j], b * rows, rows);
                    groupMax[i + j][b] = Kernels.max(acc[j], rows);
                }
            }
        }
    }

    /**
     * {@link #mine(MemoryBank, String, long, long, float[], long, BankEntry)} (a null positive:
     * look it up in the bank) for anchor {@code index} of the last {@link #beginGroup}, reading the
     * similarities computed there for the blocks the bank has not changed in since.
     *
     * @throws IllegalArgumentException as {@link #mine}, or if {@code unitAnchor} is not the array
     *     given to {@link #beginGroup} at {@code index}
     */
    public MiningResult mineInGroup(
            int index,
            MemoryBank bank,
            String symbol,
            long endTime,
            long barIndex,
            float[] unitAnchor,
            long anchorOrdinal,
            BankEntry positive) {
        check(bank, symbol, unitAnchor, anchorOrdinal);
        if (positive != null) {
            check(bank, symbol, positive.embedding(), anchorOrdinal);
        }
        if (index < 0 || index >= groupSize || groupAnchors[index] != unitAnchor) {
            throw new IllegalArgumentException(
                    "anchor "
                            + index
                            + " is not in the group begun last ("
                            + groupSize
                            + " anchors): call beginGroup with this anchor's embedding first");
        }
        return search(bank, symbol, endTime, barIndex, unitAnchor, anchorOrdinal, positive, index);
    }

    /** Drops the group's references to its bank and anchors (the arrays stay for the next one). */
    public void endGroup() {
        groupBank = null;
        Arrays.fill(groupAnchors, 0, groupSize, null);
        groupSize = 0;
    }

    /**
     * Whether no slot of block {@code b} was written since {@link #beginGroup}: the adds since then
     * wrote the ring slots from the cursor of that time on.
     */
    private boolean unchangedSinceGroup(MemoryBank bank, int b) {
        if (bank != groupBank || b >= groupBlocks) {
            return false;
        }
        long added = bank.totalAdded() - groupTotalAdded;
        if (added == 0) {
            return true;
        }
        int capacity = bank.capacity();
        if (added < 0 || added >= capacity) {
            return false;
        }
        int rows = bank.blockRows();
        int first = b * rows;
        int last = Math.min(first + rows, capacity) - 1;
        int from = groupCursor;
        int to = (int) ((groupCursor + added - 1) % capacity); // inclusive
        if (from <= to) {
            return last < from || first > to;
        }
        // Wrapped: written [from, capacity) and [0, to].
        return first > to && last < from;
    }

    /**
     * Mines every anchor against the bank as it is now: result i is identical to {@code mine(bank,
     * a.symbol(), a.endTime(), a.barIndex(), a.unitEmbedding(), a.anchorOrdinal())} for {@code a =
     * anchors.get(i)}. The anchors do not see each other: an engine that uses batches adds the
     * batch's anchors to the bank only after the batch, so within a batch an anchor can be neither
     * the positive nor a negative of another.
     *
     * <p>Each 256-row block is scanned for all anchors of the batch while it is in cache; with 32
     * anchors the bank is read from memory once instead of 32 times.
     *
     * @throws IllegalArgumentException as {@link #mine}, for the first offending anchor, before any
     *     anchor is mined
     */
    public MiningResult[] mineBatch(MemoryBank bank, List<Anchor> anchors) {
        Objects.requireNonNull(anchors, "anchors");
        int count = anchors.size();
        for (Anchor a : anchors) {
            check(bank, a.symbol(), a.unitEmbedding(), a.anchorOrdinal());
        }
        if (batch.length < count) {
            int old = batch.length;
            batch = Arrays.copyOf(batch, count);
            for (int i = old; i < count; i++) {
                batch[i] = new AnchorSearch(params, groupPeers);
            }
        }
        if (acc[0].length != bank.blockRows()) {
            acc = new float[4][bank.blockRows()];
        }
        for (int i = 0; i < count; i++) {
            Anchor a = anchors.get(i);
            batch[i].prepare(
                    bank,
                    a.symbol(),
                    a.endTime(),
                    a.barIndex(),
                    a.unitEmbedding(),
                    a.anchorOrdinal());
        }
        int blocks = count == 0 ? 0 : batch[0].blocks();
        for (int b = 0; b < blocks; b++) {
            // Four anchors per kernel pass, each column loaded once for all four; a last group of
            // fewer repeats its last anchor, whose extra copy's similarities are not read.
            for (int i = 0; i < count; i += 4) {
                int group = Math.min(4, count - i);
                for (int j = 0; j < 4; j++) {
                    AnchorSearch x = batch[i + Math.min(j, group - 1)];
                    quad[j] = x.anchor();
                    cutoffs[j] = x.cutoff();
                }
                int hits = bank.blockSimilarities4(b, quad, acc, cutoffs);
                for (int j = 0; j < group; j++) {
                    batch[i + j].scanBlock(b, acc[j], (hits & (1 << j)) != 0);
                }
            }
        }
        MiningResult[] results = new MiningResult[count];
        for (int i = 0; i < count; i++) {
            results[i] = batch[i].finish();
        }
        return results;
    }

    private void check(MemoryBank bank, String symbol, float[] unitAnchor, long anchorOrdinal) {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(symbol, "symbol");
        if (bank.dim() != dim) {
            throw new IllegalArgumentException(
                    "bank has dim " + bank.dim() + " but this miner was built for dim " + dim);
        }
        Embeddings.checkUnit(unitAnchor, dim, "Anchor");
        if (anchorOrdinal < 0) {
            throw new IllegalArgumentException(
                    "anchorOrdinal must be >= 0, got "
                            + anchorOrdinal
                            + "; pass the bank's totalAdded()");
        }
    }

    /** For each grouped symbol, the other symbols of every group it belongs to. */
    private static Map<String, String[]> groupPeers(List<Set<String>> groups) {
        Map<String, Set<String>> peers = new HashMap<>();
        for (Set<String> group : groups) {
            for (String symbol : group) {
                Set<String> p = peers.computeIfAbsent(symbol, k -> new TreeSet<>());
                p.addAll(group);
                p.remove(symbol);
            }
        }
        Map<String, String[]> out = new HashMap<>();
        peers.forEach((k, v) -> out.put(k, v.toArray(new String[0])));
        return out;
    }
}
