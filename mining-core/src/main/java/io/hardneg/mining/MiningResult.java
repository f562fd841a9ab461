package io.hardneg.mining;

import java.util.List;

/**
 * What mining one anchor produced: the positive, the negatives, guard counts and, when a positive
 * exists, the InfoNCE loss, softmax weights and gradient.
 *
 * <p>Negatives are listed hard, semi-hard, random, synthetic. Hard then semi-hard ones are sorted
 * best first (similarity descending, then window id) as one list; random ones are sorted the same
 * way among themselves, after them; synthetic ones follow in generation order. So with random or
 * synthetic negatives the whole list is no longer sorted.
 *
 * <p>Guards are applied in this order and each entry is counted by the first that hits it: the
 * anchor itself (same symbol and endTime; not counted), the positive (not counted), same-symbol
 * exclusion ({@link #exclusionHits}), symbol groups ({@link #symbolGroupHits}), max-similarity
 * ({@link #maxSimilarityHits}), rank skip ({@link #rankSkipHits}). So {@code bankSize =
 * eligibleCount + exclusionHits + symbolGroupHits + maxSimilarityHits + rankSkipHits + (hasPositive
 * ? 1 : 0) + (copies of the anchor in the bank)}.
 *
 * <p>InfoNCE, its weights and gradient run over every negative, synthetic ones included (their
 * embeddings are treated as constants in the gradient). Without a positive, {@link #loss}, {@link
 * #weightedLoss} and {@link #positiveSimilarity} are {@code NaN} and {@link #weights}, {@link
 * #gradient} and {@link #positive} are {@code null}. Immutable: array accessors return copies.
 */
public final class MiningResult {

    /** Counts of one query. */
    record Counts(
            int eligible,
            int bankSize,
            int exclusionHits,
            int maxSimilarityHits,
            int rankSkipHits,
            int symbolGroupHits) {}

    private final BankEntry positive;
    private final int positiveSlot;
    private final float positiveSimilarity;
    private final List<Negative> negatives;
    private final int[] slots;
    private final boolean semiHardAvailable;
    private final Counts counts;
    private final double loss;
    private final double[] weights;
    private final float[] gradient;
    private final double[] importanceWeights;
    private final double weightedLoss;

    private MiningResult(
            BankEntry positive,
            int positiveSlot,
            float positiveSimilarity,
            List<Negative> negatives,
            int[] slots,
            boolean semiHardAvailable,
            Counts counts,
            double loss,
            double[] weights,
            float[] gradient,
            double[] importanceWeights,
            double weightedLoss) {
        this.positive = positive;
        this.positiveSlot = positiveSlot;
        this.positiveSimilarity = positiveSimilarity;
        this.negatives = List.copyOf(negatives);
        this.slots = slots;
        this.semiHardAvailable = semiHardAvailable;
        this.counts = counts;
        this.loss = loss;
        this.weights = weights;
        this.gradient = gradient;
        this.importanceWeights = importanceWeights;
        this.weightedLoss = weightedLoss;
    }

    /** Computes InfoNCE and the importance weights over {@code negatives} and wraps it all. */
    static MiningResult of(
            BankEntry positive,
            int positiveSlot,
            float positiveSim,
            List<Negative> negatives,
            int[] slots,
            boolean semiHardAvailable,
            Counts counts,
            MiningParams params) {
        float[] negativeSims = new float[negatives.size()];
        for (int i = 0; i < negativeSims.length; i++) {
            negativeSims[i] = negatives.get(i).similarity();
        }
        double[] importance = InfoNce.importanceWeights(negativeSims, params.importanceBeta());
        if (positive == null) {
            return new MiningResult(
                    null,
                    -1,
                    Float.NaN,
                    negatives,
                    slots,
                    false,
                    counts,
                    Double.NaN,
                    null,
                    null,
                    importance,
                    Double.NaN);
        }
        float[][] negativeEmbeddings = new float[negatives.size()][];
        for (int i = 0; i < negativeSims.length; i++) {
            negativeEmbeddings[i] = negatives.get(i).entry().embedding();
        }
        double[] logits = InfoNce.logits(positiveSim, negativeSims, params.temperature());
        double[] weights = InfoNce.softmax(logits);
        float[] gradient =
                InfoNce.gradient(
                        weights, positive.embedding(), negativeEmbeddings, params.temperature());
        double weightedLoss =
                params.importanceBeta() > 0f
                        ? InfoNce.weightedLoss(logits, importance)
                        : Double.NaN;
        return new MiningResult(
                positive,
                positiveSlot,
                positiveSim,
                negatives,
                slots,
                semiHardAvailable,
                counts,
                InfoNce.loss(logits),
                weights,
                gradient,
                importance,
                weightedLoss);
    }

    public boolean hasPositive() {
        return positive != null;
    }

    /** The positive entry, or {@code null} when the bank holds none. */
    public BankEntry positive() {
        return positive;
    }

    /**
     * The bank slot the positive was read from, or -1 when it was given by the caller or there is
     * none. Names the entry only until the bank is next written to.
     */
    public int positiveSlot() {
        return positiveSlot;
    }

    /**
     * The bank slot negative {@code i} was read from, or -1 for a synthetic negative. Names the
     * entry only until the bank is next written to: a caller that keeps data per slot (the encoder
     * inputs, say) finds an entry's without a lookup by window.
     */
    public int slot(int i) {
        return slots[i];
    }

    /** {@code dot(anchor, positive)}, or {@code NaN} without a positive. */
    public float positiveSimilarity() {
        return positiveSimilarity;
    }

    /**
     * Hard, semi-hard, random then synthetic negatives; no bank entry twice. Hard plus semi-hard
     * are sorted best first, random ones best first among themselves (see the class comment).
     */
    public List<Negative> negatives() {
        return negatives;
    }

    /** Whether any eligible entry (hard ones included, skipped ones not) lies in the band. */
    public boolean semiHardAvailable() {
        return semiHardAvailable;
    }

    /** Entries that passed every guard, the rank skip included. */
    public int eligibleCount() {
        return counts.eligible();
    }

    /** Live entries in the bank when the anchor was mined (the anchor itself not yet added). */
    public int bankSize() {
        return counts.bankSize();
    }

    /** InfoNCE loss, or {@code NaN} without a positive. */
    public double loss() {
        return loss;
    }

    /** Softmax over [positive, negatives...], or {@code null} without a positive. */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** Gradient of the loss with respect to the anchor embedding, or {@code null}. */
    public float[] gradient() {
        return gradient == null ? null : gradient.clone();
    }

    /**
     * Importance weights {@code m * exp(beta * s_i) / sum_j exp(beta * s_j)}, one per negative in
     * list order, summing to the number of negatives m; all 1 when {@value
     * MiningParams#IMPORTANCE_BETA} is 0. Present with or without a positive.
     */
    public double[] importanceWeights() {
        return importanceWeights.clone();
    }

    /**
     * InfoNCE with each negative's exp term multiplied by its importance weight; {@code NaN} when
     * {@value MiningParams#IMPORTANCE_BETA} is 0 or there is no positive.
     */
    public double weightedLoss() {
        return weightedLoss;
    }

    /** Same-symbol entries closer than the exclusion radius (the positive not counted). */
    public int exclusionHits() {
        return counts.exclusionHits();
    }

    /** Entries dropped because their similarity exceeded the max-similarity guard. */
    public int maxSimilarityHits() {
        return counts.maxSimilarityHits();
    }

    /** Eligible entries skipped as the first {@value MiningParams#RANK_SKIP} ranks. */
    public int rankSkipHits() {
        return counts.rankSkipHits();
    }

    /**
     * Entries whose symbol shares a {@value MiningParams#SYMBOL_GROUPS} group with the anchor's.
     */
    public int symbolGroupHits() {
        return counts.symbolGroupHits();
    }

    @Override
    public String toString() {
        return "MiningResult[hasPositive="
                + hasPositive()
                + ", negatives="
                + negatives.size()
                + ", eligible="
                + counts.eligible()
                + ", bankSize="
                + counts.bankSize()
                + ", loss="
                + loss
                + ", exclusionHits="
                + counts.exclusionHits()
                + ", symbolGroupHits="
                + counts.symbolGroupHits()
                + ", maxSimilarityHits="
                + counts.maxSimilarityHits()
                + ", rankSkipHits="
                + counts.rankSkipHits()
                + "]";
    }
}
