package io.hardneg.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.hardneg.bars.BarTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the report shows, accumulated one result at a time in memory that does not grow with
 * the number of results (only with the number of symbols, bank keys and hours of data).
 */
final class ResultStats {
    /** Negatives a gallery anchor needs: the three hardest are drawn. */
    static final int GALLERY_NEGATIVES = 3;

    static final int HISTOGRAM_BINS = 100;

    long results;
    long withPositive;
    long semiHardUnavailable;
    long semiHardUnavailableWithPositive;
    long skippedLines;
    long sameSymbolHardNegatives;
    final Map<String, Long> guards = new LinkedHashMap<>();
    final Map<String, Long> modelVersions = new TreeMap<>();
    final Histogram positive = new Histogram(-1, 1, HISTOGRAM_BINS);

    /** Similarity histograms of negatives by kind (hard, semi-hard, random, ...). */
    final Map<String, Histogram> negatives = new TreeMap<>();

    final LossOverTime lossOverTime = new LossOverTime();
    private final Map<String, Long> pairs = new HashMap<>();
    private final Reservoir<GalleryEntry> gallery;

    ResultStats(int gallerySize, long seed) {
        this.gallery = new Reservoir<>(gallerySize, seed);
    }

    /**
     * Adds one result.
     *
     * @throws IllegalArgumentException when the JSON is not a schema-1 result; nothing is counted
     */
    void add(JsonNode r) {
        if (r.path("schema").asInt(-1) != 1) {
            throw new IllegalArgumentException(
                    "'schema' is " + r.path("schema") + ", expected 1 (README, Result record)");
        }
        JsonNode anchor = r.path("anchor");
        String symbol = text(anchor, "symbol");
        long endTime = time(anchor, "endTime");
        time(anchor, "startTime");
        String bankKey = text(r, "bankKey");
        JsonNode negs = r.path("negatives");
        if (!negs.isArray()) {
            throw new IllegalArgumentException("'negatives' is not an array");
        }
        JsonNode pos = r.path("positive");
        boolean hasPositive = pos.isObject();
        if (hasPositive) {
            time(pos, "endTime");
        }

        results++;
        boolean semiHard = r.path("semiHardAvailable").asBoolean(false);
        if (!semiHard) {
            semiHardUnavailable++;
        }
        modelVersions.merge(r.path("modelVersion").asText("(none)"), 1L, Long::sum);
        Iterator<Map.Entry<String, JsonNode>> g = r.path("guards").fields();
        while (g.hasNext()) {
            Map.Entry<String, JsonNode> e = g.next();
            guards.merge(e.getKey(), e.getValue().asLong(), Long::sum);
        }
        for (JsonNode n : negs) {
            String kind = n.path("kind").asText("unknown");
            negatives
                    .computeIfAbsent(kind, k -> new Histogram(-1, 1, HISTOGRAM_BINS))
                    .add(n.path("similarity").asDouble(Double.NaN));
            if (kind.equals("hard")) {
                countPair(symbol, n.path("symbol").asText(""));
            }
        }
        if (!hasPositive) {
            return;
        }
        withPositive++;
        if (!semiHard) {
            semiHardUnavailableWithPositive++;
        }
        positive.add(pos.path("similarity").asDouble(Double.NaN));
        JsonNode loss = r.path("loss");
        lossOverTime.add(
                bankKey, endTime, loss.isNumber() ? loss.asDouble() : Double.NaN, semiHard);
        if (negs.size() >= GALLERY_NEGATIVES) {
            int slot = gallery.nextSlot();
            if (slot >= 0) {
                gallery.put(slot, galleryEntry(anchor, pos, negs));
            }
        }
    }

    private void countPair(String a, String b) {
        if (b.isEmpty()) {
            return;
        }
        if (a.equals(b)) {
            sameSymbolHardNegatives++;
            return;
        }
        String key = a.compareTo(b) < 0 ? a + "\t" + b : b + "\t" + a;
        pairs.merge(key, 1L, Long::sum);
    }

    /** Unordered symbol pairs mined as each other's hard negatives, most frequent first. */
    List<Pair> topPairs(int limit) {
        List<Pair> all = new ArrayList<>();
        pairs.forEach(
                (k, v) -> {
                    int tab = k.indexOf('\t');
                    all.add(new Pair(k.substring(0, tab), k.substring(tab + 1), v));
                });
        all.sort(
                Comparator.comparingLong(Pair::count)
                        .reversed()
                        .thenComparing(Pair::first)
                        .thenComparing(Pair::second));
        return all.subList(0, Math.min(limit, all.size()));
    }

    int distinctPairs() {
        return pairs.size();
    }

    /** The sampled anchors, by anchor end time then symbol. */
    List<GalleryEntry> gallery() {
        List<GalleryEntry> sample = new ArrayList<>(gallery.items());
        sample.sort(
                Comparator.comparingLong((GalleryEntry e) -> e.anchor().endTime())
                        .thenComparing(e -> e.anchor().symbol()));
        return sample;
    }

    /** Anchors that could enter the gallery: a positive and at least three negatives. */
    long galleryCandidates() {
        return gallery.seen();
    }

    record Pair(String first, String second, long count) {}

    private static GalleryEntry galleryEntry(JsonNode anchor, JsonNode pos, JsonNode negs) {
        List<JsonNode> sorted = new ArrayList<>();
        negs.forEach(sorted::add);
        // Hardest = most similar; ties as the miner breaks them, by window id.
        sorted.sort(
                Comparator.comparingDouble((JsonNode n) -> -n.path("similarity").asDouble())
                        .thenComparing(n -> n.path("id").asText()));
        List<GalleryEntry.Window> hardest = new ArrayList<>();
        for (JsonNode n : sorted.subList(0, GALLERY_NEGATIVES)) {
            hardest.add(window(n, -1, n.path("kind").asText("unknown")));
        }
        return new GalleryEntry(
                window(anchor, time(anchor, "startTime"), "anchor"),
                window(pos, -1, "positive"),
                hardest);
    }

    private static GalleryEntry.Window window(JsonNode n, long startTime, String kind) {
        JsonNode e = n.path("embedding");
        float[] embedding;
        if (e.isTextual()) {
            embedding = io.hardneg.job.VectorCodec.decode(e.asText());
        } else {
            embedding = new float[e.size()];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = (float) e.get(i).asDouble();
            }
        }
        return new GalleryEntry.Window(
                n.path("symbol").asText(),
                startTime,
                time(n, "endTime"),
                n.path("similarity").asDouble(Double.NaN),
                kind,
                embedding);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static long time(JsonNode node, String field) {
        String t = text(node, field);
        try {
            return BarTime.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' is not a time: " + t);
        }
    }
}
