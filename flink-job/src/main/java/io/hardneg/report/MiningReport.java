package io.hardneg.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.bars.Bar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mining report: reads results one at a time (JSON Lines or a topic), then writes {@code
 * index.html} and its PNG charts into a directory. Memory does not grow with the number of results;
 * see {@link ResultStats}.
 */
public final class MiningReport {
    static final String INDEX = "index.html";

    /** Lines between two progress messages. */
    static final long PROGRESS_EVERY = 10_000;

    /** Skipped lines reported one by one; later ones are only counted. */
    private static final int SKIPS_SHOWN = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReportOptions options;
    private final PrintStream log;
    private final ResultStats stats;
    private long lines;

    /** What one input item is called in messages: a line of a file, a record of a topic. */
    private String unit = "line";

    /** A report to feed with {@link #accept}; {@code log} gets progress and skipped lines. */
    public MiningReport(ReportOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
        this.stats = new ResultStats(options.gallery(), options.seed());
    }

    /**
     * The demo's hook: writes the report of {@code resultJson} into {@code outDir} and returns the
     * path of its index.html. {@code bars} (may be null) gives the gallery its price paths, {@code
     * sectors} (may be null) the pairs table its sectors.
     */
    public static Path writeReport(
            List<String> resultJson, Path outDir, List<Bar> bars, Map<String, String> sectors)
            throws IOException {
        ReportOptions options =
                new ReportOptions(
                        bars,
                        sectors,
                        ReportOptions.DEFAULT_GALLERY,
                        ReportOptions.DEFAULT_SEED,
                        ReportOptions.DEFAULT_WINDOW_LENGTH);
        MiningReport report = new MiningReport(options, System.err);
        for (String json : resultJson) {
            report.accept(json);
        }
        return report.write(outDir, "demo run (" + resultJson.size() + " results)");
    }

    /** Reads a JSON Lines file of results, one line at a time. */
    public void readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "results file "
                            + file
                            + " does not exist; give the --out file of hardneg backfill, or read"
                            + " the result topic with --bootstrap HOST:PORT --topic T");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                accept(line);
            }
        }
    }

    /**
     * Reads a result topic read-committed, from the beginning to its end offsets as of this call.
     */
    public void readTopic(String bootstrap, String topic) {
        unit = "record";
        ResultTopicReader.read(bootstrap, topic, this);
    }

    /** Adds one line of input; a line that is not a result is reported, counted and skipped. */
    public void accept(String line) {
        lines++;
        if (lines % PROGRESS_EVERY == 0) {
            log.printf(Locale.ROOT, "report: %,d %ss read%n", lines, unit);
        }
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            stats.add(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            stats.skippedLines++;
            if (stats.skippedLines <= SKIPS_SHOWN) {
                String why =
                        e instanceof JsonProcessingException j
                                ? "not JSON: " + j.getOriginalMessage()
                                : e.getMessage();
                log.printf(
                        Locale.ROOT,
                        "report: %s %d is not a result (%s); skipped%n",
                        unit,
                        lines,
                        why.replace('\n', ' '));
            } else if (stats.skippedLines == SKIPS_SHOWN + 1) {
                log.println("report: further " + unit + "s that are not results are only counted");
            }
        }
    }

    /** Results read so far. */
    public long results() {
        return stats.results;
    }

    /** Writes index.html and the charts into {@code outDir}; returns the index.html path. */
    public Path write(Path outDir, String source) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(outDir);
        Charts.similarityHistogram(stats, outDir.resolve(HtmlPage.HISTOGRAM_PNG));
        if (!stats.lossOverTime.isEmpty()) {
            Charts.lossOverTime(stats.lossOverTime, outDir.resolve(HtmlPage.LOSS_PNG));
        } else {
            Files.deleteIfExists(outDir.resolve(HtmlPage.LOSS_PNG));
        }
        List<GalleryEntry> gallery = stats.gallery();
        PricePaths prices = options.bars() == null ? null : new PricePaths(options.bars());
        List<String> files = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < gallery.size(); i++) {
            String file = String.format(Locale.ROOT, "gallery-%02d.png", i + 1);
            double[][] paths = null;
            if (prices != null) {
                int length = windowLength(prices, gallery.get(i).anchor());
                gallery.set(i, withStartTimes(prices, gallery.get(i), length));
                paths = paths(prices, gallery.get(i), length);
            }
            for (int w = 0; paths != null && w < paths.length; w++) {
                missing += paths[w] == null ? 1 : 0;
            }
            Charts.galleryChart(gallery.get(i), paths, outDir.resolve(file));
            files.add(file);
        }
        String note = galleryNote(gallery.size(), prices, missing);
        String page =
                HtmlPage.render(
                        stats,
                        new HtmlPage.Context(
                                source,
                                files,
                                gallery,
                                note,
                                stats.topPairs(ReportOptions.PAIRS),
                                options.sectors()));
        Path index = outDir.resolve(INDEX);
        Files.writeString(index, page, StandardCharsets.UTF_8);
        removeStaleCharts(outDir, files);
        log.printf(
                Locale.ROOT,
                "report: %,d results, %,d skipped -> %s%n",
                stats.results,
                stats.skippedLines,
                index);
        return index;
    }

    /**
     * Deletes gallery charts of an earlier report in the same directory that this one did not draw.
     */
    private static void removeStaleCharts(Path outDir, List<String> written) throws IOException {
        try (var list = Files.list(outDir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("gallery-")
                        && name.endsWith(".png")
                        && !written.contains(name)) {
                    Files.delete(p);
                }
            }
        }
    }

    private String galleryNote(int shown, PricePaths prices, int missing) {
        String base =
                String.format(
                        Locale.ROOT,
                        "%d of %,d anchors with a positive and at least %d negatives, sampled"
                                + " uniformly (seed %d). ",
                        shown,
                        stats.galleryCandidates(),
                        ResultStats.GALLERY_NEGATIVES,
                        options.seed());
        if (prices == null) {
            return base
                    + "No --bars-dir was given, so each chart draws the windows' embeddings"
                    + " (value per dimension) instead of their price paths.";
        }
        return base
                + "Each chart draws the windows' closes divided by the first close of the window."
                + (missing == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " %d windows had no bars in --bars-dir and are left out.",
                                missing));
    }

    /** Bars from the anchor's start to its end time, or --window-length when unknown. */
    private int windowLength(PricePaths prices, GalleryEntry.Window anchor) {
        int length = prices.barsBetween(anchor.symbol(), anchor.startTime(), anchor.endTime());
        return length < 2 ? options.windowLength() : length;
    }

    /** The entry with each window's start time taken from the bars, where the bars have it. */
    private static GalleryEntry withStartTimes(PricePaths prices, GalleryEntry e, int length) {
        List<GalleryEntry.Window> negatives = new ArrayList<>();
        for (GalleryEntry.Window n : e.negatives()) {
            negatives.add(withStart(prices, n, length));
        }
        return new GalleryEntry(e.anchor(), withStart(prices, e.positive(), length), negatives);
    }

    private static GalleryEntry.Window withStart(
            PricePaths prices, GalleryEntry.Window w, int length) {
        if (w.startTime() >= 0) {
            return w;
        }
        return new GalleryEntry.Window(
                w.symbol(),
                prices.startTime(w.symbol(), w.endTime(), length),
                w.endTime(),
                w.similarity(),
                w.kind(),
                w.embedding());
    }

    /** Normalised closes of the anchor, positive and negatives, {@code length} bars each. */
    private static double[][] paths(PricePaths prices, GalleryEntry e, int length) {
        List<GalleryEntry.Window> windows = Charts.windows(e);
        double[][] out = new double[windows.size()][];
        for (int i = 0; i < out.length; i++) {
            GalleryEntry.Window w = windows.get(i);
            out[i] = prices.normalisedCloses(w.symbol(), w.endTime(), length);
        }
        return out;
    }
}
