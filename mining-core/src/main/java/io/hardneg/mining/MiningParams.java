package io.hardneg.mining;

/**
 * Parameters of one mining query. Each component is validated against the configuration key it
 * comes from, so that a bad setting fails at start-up with the key in the message.
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
 */
public record MiningParams(
        int topK,
        int semiHardCount,
        float semiHardMargin,
        float temperature,
        int exclusionRadius,
        long positiveLag,
        float maxSimilarity)
        implements java.io.Serializable {

    public static final String TOP_K = "mining.top-k";
    public static final String SEMI_HARD_COUNT = "mining.semi-hard.count";
    public static final String SEMI_HARD_MARGIN = "mining.semi-hard.margin";
    public static final String TEMPERATURE = "mining.temperature";
    public static final String EXCLUSION_RADIUS = "mining.exclusion-radius";
    public static final String POSITIVE_LAG = "positive.lag";
    public static final String MAX_SIMILARITY = "mining.max-similarity";

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
    }

    /** True when the max-similarity guard is active, i.e. {@code maxSimilarity < 1}. */
    public boolean maxSimilarityGuardEnabled() {
        return maxSimilarity < 1f;
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(
                "Invalid " + key + ": " + value + "; expected " + expected + ".");
    }
}
