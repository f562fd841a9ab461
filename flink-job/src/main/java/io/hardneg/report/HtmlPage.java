package io.hardneg.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's index.html: inline CSS, images by relative path, no script, nothing from the
 * network. Counts carry ids ({@code count-results}, {@code guard-exclusion}, ...) so tools and
 * tests can read them back.
 */
final class HtmlPage {
    static final String HISTOGRAM_PNG = "similarity-histogram.png";
    static final String LOSS_PNG = "loss-over-time.png";

    private static final String CSS =
            """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;\
            max-width:1360px;padding:0 16px;color:#222}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;\
            border-bottom:1px solid #ddd;padding-bottom:4px}
            .note{color:#555;margin:4px 0}
            table{border-collapse:collapse;margin:6px 0}
            td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .cols{display:flex;gap:40px;flex-wrap:wrap;align-items:flex-start}
            .gallery{display:grid;grid-template-columns:repeat(3,440px);gap:14px}
            figure{margin:0}figcaption{font-size:12px;color:#444}
            img{border:1px solid #e4e4e4}
            code{font-size:12px}
            """;

    private final StringBuilder html = new StringBuilder();

    /** Everything the page shows besides the stats themselves. */
    record Context(
            String source,
            List<String> galleryFiles,
            List<GalleryEntry> gallery,
            String galleryNote,
            List<ResultStats.Pair> pairs,
            Map<String, String> sectors) {}

    static String render(ResultStats stats, Context ctx) {
        return new HtmlPage().page(stats, ctx);
    }

    private String page(ResultStats stats, Context ctx) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.append("<title>hardneg mining report</title><style>").append(CSS);
        html.append("</style></head><body>\n<h1>hardneg mining report</h1>\n");
        html.append("<p class=\"note\">Results from <code>")
                .append(esc(ctx.source()))
                .append("</code>.</p>\n");

        counts(stats);
        h2("Similarity to the anchor");
        note(
                "Share of anchor pairs per bin of cosine similarity: s(a,p) for positives, s(a,n)"
                        + " for each kind of negative. Hard negatives to the right of the positives"
                        + " are windows the encoder finds more alike than the anchor's own past."
                        + " The left edge leaves out at most "
                        + Charts.CLIPPED_SHARE * 100
                        + "% of each distribution.");
        img(HISTOGRAM_PNG, Charts.WIDE_WIDTH, Charts.HISTOGRAM_HEIGHT, "similarity histograms");

        h2("Loss and semi-hard-empty rate over event time");
        if (stats.lossOverTime.isEmpty()) {
            note("No anchor has a positive, so there is no loss to draw.");
        } else {
            note(
                    "Mean InfoNCE loss and the share of anchors whose semi-hard band was empty, per "
                            + stats.lossOverTime.bucket().name().toLowerCase(Locale.ROOT)
                            + " of anchor end time and per bank key (at most "
                            + LossOverTime.MAX_SERIES
                            + " series; further keys are merged as \"other\").");
            img(LOSS_PNG, Charts.WIDE_WIDTH, Charts.TIME_HEIGHT, "loss over time");
        }

        pairs(stats, ctx);
        gallery(ctx);
        html.append("</body></html>\n");
        return html.toString();
    }

    private void counts(ResultStats s) {
        h2("Counts");
        html.append("<div class=\"cols\"><table>\n");
        row("results", "count-results", s.results);
        row("anchors with a positive", "count-with-positive", s.withPositive);
        row("anchors with no semi-hard negative", "count-semi-hard-empty", s.semiHardUnavailable);
        row(
                "&nbsp;&nbsp;of which with a positive",
                "count-semi-hard-empty-with-positive",
                s.semiHardUnavailableWithPositive);
        row("skipped lines (not a result)", "count-skipped", s.skippedLines);
        html.append("</table>\n<table><tr><th>guard</th><th>hits</th></tr>\n");
        s.guards.forEach((g, n) -> row(esc(g), "guard-" + idPart(g), n));
        html.append("</table>\n<table><tr><th>model version</th><th>results</th></tr>\n");
        int i = 0;
        for (Map.Entry<String, Long> e : s.modelVersions.entrySet()) {
            html.append("<tr><td><code id=\"model-")
                    .append(i)
                    .append("\">")
                    .append(esc(e.getKey()))
                    .append("</code></td><td class=\"n\" id=\"model-count-")
                    .append(i++)
                    .append("\">")
                    .append(num(e.getValue()))
                    .append("</td></tr>\n");
        }
        html.append("</table></div>\n");
    }

    private void pairs(ResultStats s, Context ctx) {
        h2("Symbol pairs most often mined as each other's hard negatives");
        note(
                String.format(
                        Locale.ROOT,
                        "Unordered pairs, counted once per hard negative in either direction;"
                                + " %,d distinct pairs. Hard negatives from the anchor's own symbol"
                                + " (windows far apart in time): %,d.",
                        s.distinctPairs(),
                        s.sameSymbolHardNegatives));
        if (ctx.pairs().isEmpty()) {
            note("No hard negative from another symbol.");
            return;
        }
        boolean sectors = ctx.sectors() != null;
        html.append("<table id=\"pairs\"><tr><th>#</th><th>symbol</th><th>symbol</th>");
        if (sectors) {
            html.append("<th>sector</th><th>sector</th>");
        }
        html.append("<th>hard negatives</th></tr>\n");
        int rank = 1;
        for (ResultStats.Pair p : ctx.pairs()) {
            html.append("<tr><td class=\"n\">").append(rank++).append("</td><td>");
            html.append(esc(p.first())).append("</td><td>").append(esc(p.second())).append("</td>");
            if (sectors) {
                html.append("<td>").append(esc(sector(ctx, p.first()))).append("</td><td>");
                html.append(esc(sector(ctx, p.second()))).append("</td>");
            }
            html.append("<td class=\"n\">").append(num(p.count())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String sector(Context ctx, String symbol) {
        return ctx.sectors().getOrDefault(symbol, "(not in sectors file)");
    }

    private void gallery(Context ctx) {
        h2("Gallery: sampled anchors and their hardest negatives");
        note(ctx.galleryNote());
        html.append("<div class=\"gallery\">\n");
        for (int i = 0; i < ctx.galleryFiles().size(); i++) {
            GalleryEntry e = ctx.gallery().get(i);
            List<GalleryEntry.Window> windows = Charts.windows(e);
            StringBuilder alt = new StringBuilder();
            for (int w = 0; w < windows.size(); w++) {
                alt.append(w == 0 ? "" : "; ").append(Charts.label(windows.get(w), w));
            }
            html.append("<figure>");
            img(
                    ctx.galleryFiles().get(i),
                    Charts.GALLERY_WIDTH,
                    Charts.GALLERY_HEIGHT,
                    alt.toString());
            html.append("<figcaption>").append(esc(Charts.label(e.anchor(), 0)));
            html.append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    private void row(String label, String id, long value) {
        html.append("<tr><td>")
                .append(label)
                .append("</td><td class=\"n\" id=\"")
                .append(id)
                .append("\">")
                .append(num(value))
                .append("</td></tr>\n");
    }

    private void img(String file, int width, int height, String alt) {
        html.append(
                String.format(
                        Locale.ROOT,
                        "<img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\" title=\"%s\">\n",
                        esc(file),
                        width,
                        height,
                        esc(alt),
                        esc(alt)));
    }

    private void h2(String title) {
        html.append("<h2>").append(esc(title)).append("</h2>\n");
    }

    private void note(String text) {
        html.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String idPart(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
