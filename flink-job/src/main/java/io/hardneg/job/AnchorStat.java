package io.hardneg.job;

import io.hardneg.mining.MiningResult;
import io.hardneg.mining.Negative;

/**
 * What the statistics need of one mined anchor: its bank key and end time, the loss, the
 * similarities of its positive and of its negatives by kind, and the guard hits. No embeddings, so
 * a statistics interval holds a few dozen bytes per anchor.
 */
public final class AnchorStat {
    public String bankKey;
    public long endTime;

    /** InfoNCE loss; {@code NaN} without a positive. */
    public double loss = Double.NaN;

    /** {@code s(a,p)}; {@code NaN} without a positive. */
    public float positiveSimilarity = Float.NaN;

    public float[] hardSimilarities = new float[0];
    public float[] semiHardSimilarities = new float[0];
    public float[] randomSimilarities = new float[0];
    public float[] syntheticSimilarities = new float[0];
    public boolean semiHardAvailable;
    public int exclusionHits;
    public int symbolGroupHits;
    public int maxSimilarityHits;
    public int rankSkipHits;

    public AnchorStat() {}

    /** The statistics of the anchor of bank {@code bankKey} that ended at {@code endTime}. */
    public static AnchorStat of(String bankKey, long endTime, MiningResult result) {
        AnchorStat stat = new AnchorStat();
        stat.bankKey = bankKey;
        stat.endTime = endTime;
        stat.loss = result.loss();
        stat.positiveSimilarity = result.positiveSimilarity();
        int[] counts = new int[Negative.Kind.values().length];
        for (Negative n : result.negatives()) {
            counts[n.kind().ordinal()]++;
        }
        float[][] byKind = new float[counts.length][];
        for (int k = 0; k < counts.length; k++) {
            byKind[k] = new float[counts[k]];
            counts[k] = 0;
        }
        for (Negative n : result.negatives()) {
            int k = n.kind().ordinal();
            byKind[k][counts[k]++] = n.similarity();
        }
        stat.hardSimilarities = byKind[Negative.Kind.HARD.ordinal()];
        stat.semiHardSimilarities = byKind[Negative.Kind.SEMI_HARD.ordinal()];
        stat.randomSimilarities = byKind[Negative.Kind.RANDOM.ordinal()];
        stat.syntheticSimilarities = byKind[Negative.Kind.SYNTHETIC.ordinal()];
        stat.semiHardAvailable = result.semiHardAvailable();
        stat.exclusionHits = result.exclusionHits();
        stat.symbolGroupHits = result.symbolGroupHits();
        stat.maxSimilarityHits = result.maxSimilarityHits();
        stat.rankSkipHits = result.rankSkipHits();
        return stat;
    }

    /** Whether the anchor had a positive (and so a loss). */
    public boolean hasPositive() {
        return !Float.isNaN(positiveSimilarity);
    }

    /** The similarities of the negatives of one kind. */
    public float[] similarities(Negative.Kind kind) {
        return switch (kind) {
            case HARD -> hardSimilarities;
            case SEMI_HARD -> semiHardSimilarities;
            case RANDOM -> randomSimilarities;
            case SYNTHETIC -> syntheticSimilarities;
        };
    }
}
