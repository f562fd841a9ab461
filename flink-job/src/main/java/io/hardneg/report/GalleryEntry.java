package io.hardneg.report;

import java.util.List;

/** One sampled anchor of the gallery: the anchor, its positive and its hardest negatives. */
record GalleryEntry(Window anchor, Window positive, List<Window> negatives) {

    /**
     * One window as the result names it. {@code startTime} is known for the anchor only (-1
     * otherwise); {@code similarity} is s(anchor, window), NaN for the anchor itself.
     */
    record Window(
            String symbol,
            long startTime,
            long endTime,
            double similarity,
            String kind,
            float[] embedding) {}
}
