package io.hardneg.report;

import io.hardneg.bars.Bar;
import java.util.List;
import java.util.Map;

/**
 * What a report draws besides the results.
 *
 * @param bars bars to draw gallery price paths from; null draws the embeddings instead
 * @param sectors symbol to sector, for the pairs table; null leaves the sector columns out
 * @param gallery anchors in the gallery
 * @param seed seed of the gallery's reservoir sample
 * @param windowLength bars per window when the anchor's own bars cannot tell
 */
public record ReportOptions(
        List<Bar> bars, Map<String, String> sectors, int gallery, long seed, int windowLength) {
    public static final int DEFAULT_GALLERY = 12;
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_WINDOW_LENGTH = 64;

    /** Pairs in the pairs table. */
    static final int PAIRS = 25;

    public ReportOptions {
        if (gallery < 0 || gallery > 1000) {
            throw new IllegalArgumentException(
                    "--gallery=" + gallery + " is out of range: expected an integer in [0, 1000]");
        }
        if (windowLength < 2) {
            throw new IllegalArgumentException(
                    "--window-length="
                            + windowLength
                            + " is out of range: expected an integer of at least 2");
        }
    }

    /** No bars, no sectors, the default gallery size, seed and window length. */
    public static ReportOptions defaults() {
        return new ReportOptions(null, null, DEFAULT_GALLERY, DEFAULT_SEED, DEFAULT_WINDOW_LENGTH);
    }
}
