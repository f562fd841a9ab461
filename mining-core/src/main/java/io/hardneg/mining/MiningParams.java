package io.hardneg.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parameters of one mining query. Each component is validated against the configuration key it
 * comes from, so that a bad setting fails at start-up with the key in the message. Build with
 * {@link #builder()}; the 7-argument constructor sets every later component to its default.
 *
 * @param topK number of hard negatives ({@value #TOP_K}), at least 0
 * @param semiHardCount number of semi-hard negatives ({@value #SEMI_HARD_COUNT}), at least 0
 * @param semiHardMargin width of the semi-hard band below the positive's similarity ({@value
 *     #SEMI_HARD_MARGIN}), greater than 0
 * @param temperature InfoNCE temperature ({@value #TEMPERATURE}), greater than 0
 * @param exclusionRadius same-symbol entries closer than this many bars to the anchor are never
 *     negatives ({@value #EXCLUSION_RADIUS}), at least 0; 0 disables the guard
 * @param positiveLag the positive is the same symbol's window this many bars earlier ({@value
 *     #POSITIVE_LAG}), at least 1
 * @param maxSimilarity entries with similarity strictly above this are never negatives ({@value
 *     #MAX_SIMILARITY}), in (-1, 1]; 1 disables the guard (a float dot product of two unit vectors
 *     may round slightly above 1, and such near-duplicates are then still candidates)
 * @param rankSkip the first this many entries of the eligible order are skipped before the hard
 *     top-K ({@value #RANK_SKIP}), in [0, {@value #MAX_COUNT}]; default 0
 * @param symbolGroups sets of symbols that are never negatives of each other ({@value
 *     #SYMBOL_GROUPS}), each of at least 2 non-empty symbols; default none
 * @param randomCount uniformly drawn negatives per anchor ({@value #RANDOM_COUNT}), in [0, {@value
 *     #MAX_COUNT}]; default 0
 * @param randomSeed seed of the per-anchor generators ({@value #RANDOM_SEED}), any long; default 0
 * @param curriculumAnchors length of the hard-negative curriculum in anchors ({@value
 *     #CURRICULUM_ANCHORS}), in [0, 2^32]; default 0 (off)
 * @param importanceBeta concentration of the importance weights {@code exp(beta * s)} ({@value
 *     #IMPORTANCE_BETA}), finite and at least 0; default 0 (off)
 * @param syntheticCount synthetic (mixed) negatives per anchor ({@value #SYNTHETIC_COUNT}), in [0,
 *     {@value #MAX_COUNT}]; default 0
 */
public record MiningParams(
        int topK,
        int semiHardCount,
        float semiHardMargin,
        float temperature,
        int exclusionRadius,
        long positiveLag,
        float maxSimilarity,
        int rankSkip,
        List<Set<String>> symbolGroups,
        int randomCount,
        long randomSeed,
        long curriculumAnchors,
        float importanceBeta,
        int syntheticCount)
        implements java.io.Serializable {

    private static final long serialVersionUID = 2L;

    public static final String TOP_K = "mining.top-k";
    public static final String SEMI_HARD_COUNT = "mining.semi-hard.count";
    public static final String SEMI_HARD_MARGIN = "mining.semi-hard.margin";
    public static final String TEMPERATURE = "mining.temperature";
    public static final String EXCLUSION_RADIUS = "mining.exclusion-radius";
    public static final String POSITIVE_LAG = "positive.lag";
    public static final String MAX_SIMILARITY = "mining.max-similarity";

    /** Ranks of the eligible order skipped before the hard top-K; default 0. */
    public static final String RANK_SKIP = "mining.rank-skip";

    /** Sets of symbols never negatives of each other (e.g. GOOG and GOOGL); default none. */
    public static final String SYMBOL_GROUPS = "mining.symbol-groups";

    /** Negatives drawn uniformly from the eligible entries not chosen otherwise; default 0. */
    public static final String RANDOM_COUNT = "mining.random.count";

    /** Seed of the per-anchor generators of random and synthetic negatives; default 0. */
    public static final String RANDOM_SEED = "mining.random.seed";

    /** Anchors over which hard negatives ramp up from 0 to top-K; default 0 (off). */
    public static final String CURRICULUM_ANCHORS = "mining.curriculum.anchors";

    /** beta of the importance weights exp(beta * s) (Robinson et al. 2021); default 0 (off). */
    public static final String IMPORTANCE_BETA = "mining.importance.beta";

    /** Synthetic negatives mixed from hard negatives and the anchor (MoCHi); default 0. */
    public static final String SYNTHETIC_COUNT = "mining.synthetic.count";

    /** Upper bound of every count, so that the scratch arrays stay small. */
    public static final int MAX_COUNT = 1 << 20;

    /** Upper bound of {@value #CURRICULUM_ANCHORS}: 2^32, so that {@code topK * ordinal} fits. */
    public static final long MAX_CURRICULUM_ANCHORS = 1L << 32;

    public MiningParams {
        if (topK < 0) {
            throw invalid(TOP_K, topK, "an integer >= 0");
        }
        if (semiHardCount < 0) {
            throw invalid(SEMI_HARD_COUNT, semiHardCount, "an integer >= 0");
        }
        if (!(semiHardMargin > 0f) || Float.isInfinite(semiHardMargin)) {
            throw invalid(SEMI_HARD_MARGIN, semiHardMargin, "a finite number > 0");
        }
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw invalid(TEMPERATURE, temperature, "a finite number > 0");
        }
        if (exclusionRadius < 0) {
            throw invalid(EXCLUSION_RADIUS, exclusionRadius, "an integer >= 0 (0 disables it)");
        }
        if (positiveLag < 1) {
            throw invalid(POSITIVE_LAG, positiveLag, "an integer >= 1");
        }
        if (!(maxSimilarity > -1f && maxSimilarity <= 1f)) {
            throw invalid(MAX_SIMILARITY, maxSimilarity, "a number in (-1, 1] (1 disables it)");
        }
        checkCount(RANK_SKIP, rankSkip, " (0 disables it)");
        symbolGroups = copyGroups(symbolGroups);
        checkCount(RANDOM_COUNT, randomCount, " (0 disables it)");
        if (curriculumAnchors < 0 || curriculumAnchors > MAX_CURRICULUM_ANCHORS) {
            throw invalid(
                    CURRICULUM_ANCHORS,
                    curriculumAnchors,
                    "an integer in [0, " + MAX_CURRICULUM_ANCHORS + "] (0 disables it)");
        }
        if (!(importanceBeta >= 0f) || Float.isInfinite(importanceBeta)) {
            throw invalid(IMPORTANCE_BETA, importanceBeta, "a finite number >= 0 (0 disables it)");
        }
        checkCount(SYNTHETIC_COUNT, syntheticCount, " (0 disables it)");
        if ((long) topK + semiHardCount + rankSkip > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + TOP_K
                            + " + "
                            + SEMI_HARD_COUNT
                            + " + "
                            + RANK_SKIP
                            + ": "
                            + ((long) topK + semiHardCount + rankSkip)
                            + "; expected a sum below "
                            + (Integer.MAX_VALUE - 16)
                            + ".");
        }
    }

    /** The seven original settings; every later component takes its default. */
    public MiningParams(
            int topK,
            int semiHardCount,
            float semiHardMargin,
            float temperature,
            int exclusionRadius,
            long positiveLag,
            float maxSimilarity) {
        this(
                topK,
                semiHardCount,
                semiHardMargin,
                temperature,
                exclusionRadius,
                positiveLag,
                maxSimilarity,
                0,
                List.of(),
                0,
                0L,
                0L,
                0f,
                0);
    }

    /** A builder with every component at its default (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's components. */
    public Builder toBuilder() {
        return new Builder()
                .topK(topK)
                .semiHardCount(semiHardCount)
                .semiHardMargin(semiHardMargin)
                .temperature(temperature)
                .exclusionRadius(exclusionRadius)
                .positiveLag(positiveLag)
                .maxSimilarity(maxSimilarity)
                .rankSkip(rankSkip)
                .symbolGroups(symbolGroups)
                .randomCount(randomCount)
                .randomSeed(randomSeed)
                .curriculumAnchors(curriculumAnchors)
                .importanceBeta(importanceBeta)
                .syntheticCount(syntheticCount);
    }

    /** True when the max-similarity guard is active, i.e. {@code maxSimilarity < 1}. */
    public boolean maxSimilarityGuardEnabled() {
        return maxSimilarity < 1f;
    }

    private static void checkCount(String key, int value, String note) {
        if (value < 0 || value > MAX_COUNT) {
            throw invalid(key, value, "an integer in [0, " + MAX_COUNT + "]" + note);
        }
    }

    private static List<Set<String>> copyGroups(List<Set<String>> groups) {
        if (groups == null) {
            throw invalid(SYMBOL_GROUPS, null, "a list of symbol sets (empty for none)");
        }
        List<Set<String>> copy = new ArrayList<>(groups.size());
        for (Set<String> group : groups) {
            if (group == null || group.size() < 2) {
                throw invalid(
                        SYMBOL_GROUPS, group, "sets of at least 2 symbols, e.g. [[GOOG, GOOGL]]");
            }
            for (String symbol : group) {
                // Set.of(...).contains(null) throws, so look for null by iterating.
                if (symbol == null || symbol.isEmpty()) {
                    throw invalid(SYMBOL_GROUPS, group, "non-null, non-empty symbols");
                }
            }
            copy.add(Set.copyOf(group));
        }
        return List.copyOf(copy);
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(
                "Invalid " + key + ": " + value + "; expected " + expected + ".");
    }

    /**
     * Fluent builder. Defaults: {@value #TOP_K} 10, {@value #SEMI_HARD_COUNT} 5, {@value
     * #SEMI_HARD_MARGIN} 0.1, {@value #TEMPERATURE} 0.1, {@value #EXCLUSION_RADIUS} 0, {@value
     * #POSITIVE_LAG} 1, {@value #MAX_SIMILARITY} 1 (off), and 0 / none / off for the rest.
     * Validation happens in {@link #build()}.
     */
    public static final class Builder {
        private int topK = 10;
        private int semiHardCount = 5;
        private float semiHardMargin = 0.1f;
        private float temperature = 0.1f;
        private int exclusionRadius;
        private long positiveLag = 1;
        private float maxSimilarity = 1f;
        private int rankSkip;
        private List<Set<String>> symbolGroups = List.of();
        private int randomCount;
        private long randomSeed;
        private long curriculumAnchors;
        private float importanceBeta;
        private int syntheticCount;

        private Builder() {}

        public Builder topK(int v) {
            topK = v;
            return this;
        }

        public Builder semiHardCount(int v) {
            semiHardCount = v;
            return this;
        }

        public Builder semiHardMargin(float v) {
            semiHardMargin = v;
            return this;
        }

        public Builder temperature(float v) {
            temperature = v;
            return this;
        }

        public Builder exclusionRadius(int v) {
            exclusionRadius = v;
            return this;
        }

        public Builder positiveLag(long v) {
            positiveLag = v;
            return this;
        }

        public Builder maxSimilarity(float v) {
            maxSimilarity = v;
            return this;
        }

        public Builder rankSkip(int v) {
            rankSkip = v;
            return this;
        }

        public Builder symbolGroups(List<Set<String>> v) {
            symbolGroups = v;
            return this;
        }

        public Builder randomCount(int v) {
            randomCount = v;
            return this;
        }

        public Builder randomSeed(long v) {
            randomSeed = v;
            return this;
        }

        public Builder curriculumAnchors(long v) {
            curriculumAnchors = v;
            return this;
        }

        public Builder importanceBeta(float v) {
            importanceBeta = v;
            return this;
        }

        public Builder syntheticCount(int v) {
            syntheticCount = v;
            return this;
        }

        public MiningParams build() {
            return new MiningParams(
                    topK,
                    semiHardCount,
                    semiHardMargin,
                    temperature,
                    exclusionRadius,
                    positiveLag,
                    maxSimilarity,
                    rankSkip,
                    symbolGroups,
                    randomCount,
                    randomSeed,
                    curriculumAnchors,
                    importanceBeta,
                    syntheticCount);
        }
    }
}
