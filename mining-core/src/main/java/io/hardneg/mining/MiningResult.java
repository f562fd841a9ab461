package io.hardneg.mining;

import java.util.List;

/**
 * What mining one anchor produced: the positive, the negatives (hard first, then semi-hard, best
 * first within each and overall), guard counts and, when a positive exists, the InfoNCE loss,
 * softmax weights and gradient.
 *
 * <p>Guards are applied in this order and each entry is counted by the first that hits it: the
 * anchor itself (same symbol and endTime; not counted), the positive (not counted), same-symbol
 * exclusion ({@link #exclusionHits}), max-similarity ({@link #maxSimilarityHits}). So {@code
 * bankSize = eligibleCount + exclusionHits + maxSimilarityHits + (hasPositive ? 1 : 0) + (copies of
 * the anchor in the bank)}.
 *
 * <p>Without a positive, {@link #loss} and {@link #positiveSimilarity} are {@code NaN} and {@link
 * #weights}, {@link #gradient} and {@link #positive} are {@code null}. Immutable: array accessors
 * return copies.
 */
public final class MiningResult {

    private final BankEntry positive;
    private final float positiveSimilarity;
    private final List<Negative> negatives;
    private final boolean semiHardAvailable;
    private final int eligibleCount;
    private final int bankSize;
    private final double loss;
    private final double[] weights;
    private final float[] gradient;
    private final int exclusionHits;
    private final int maxSimilarityHits;

    MiningResult(
            BankEntry positive,
            float positiveSimilarity,
            List<Negative> negatives,
            boolean semiHardAvailable,
            int eligibleCount,
            int bankSize,
            double loss,
            double[] weights,
            float[] gradient,
            int exclusionHits,
            int maxSimilarityHits) {
        this.positive = positive;
        this.positiveSimilarity = positiveSimilarity;
        this.negatives = List.copyOf(negatives);
        this.semiHardAvailable = semiHardAvailable;
        this.eligibleCount = eligibleCount;
        this.bankSize = bankSize;
        this.loss = loss;
        this.weights = weights;
        this.gradient = gradient;
        this.exclusionHits = exclusionHits;
        this.maxSimilarityHits = maxSimilarityHits;
    }

    public boolean hasPositive() {
        return positive != null;
    }

    /** The positive entry, or {@code null} when the bank holds none. */
    public BankEntry positive() {
        return positive;
    }

    /** {@code dot(anchor, positive)}, or {@code NaN} without a positive. */
    public float positiveSimilarity() {
        return positiveSimilarity;
    }

    /** Hard negatives then semi-hard ones; no entry twice; sorted best first overall. */
    public List<Negative> negatives() {
        return negatives;
    }

    /** Whether any eligible entry (hard ones included) lies in the semi-hard band. */
    public boolean semiHardAvailable() {
        return semiHardAvailable;
    }

    /** Entries that passed every guard. */
    public int eligibleCount() {
        return eligibleCount;
    }

    /** Live entries in the bank when the anchor was mined (the anchor itself not yet added). */
    public int bankSize() {
        return bankSize;
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

    /** Same-symbol entries closer than the exclusion radius (the positive not counted). */
    public int exclusionHits() {
        return exclusionHits;
    }

    /** Entries dropped because their similarity exceeded the max-similarity guard. */
    public int maxSimilarityHits() {
        return maxSimilarityHits;
    }

    @Override
    public String toString() {
        return "MiningResult[hasPositive="
                + hasPositive()
                + ", negatives="
                + negatives.size()
                + ", eligible="
                + eligibleCount
                + ", bankSize="
                + bankSize
                + ", loss="
                + loss
                + ", exclusionHits="
                + exclusionHits
                + ", maxSimilarityHits="
                + maxSimilarityHits
                + "]";
    }
}
