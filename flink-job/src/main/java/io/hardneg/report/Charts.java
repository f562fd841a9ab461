package io.hardneg.report;

import io.hardneg.bars.BarTime;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's PNG charts, drawn with JFreeChart (headless). */
final class Charts {
    static final int WIDE_WIDTH = 960;
    static final int HISTOGRAM_HEIGHT = 420;
    static final int TIME_HEIGHT = 560;
    static final int GALLERY_WIDTH = 440;
    static final int GALLERY_HEIGHT = 340;

    /** Series colours, chosen to stay apart for readers with common colour-vision deficiencies. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0x000000),
        new Color(0x999999),
    };

    /** Share of each similarity distribution that may lie left of the histogram's range. */
    static final double CLIPPED_SHARE = 0.001;

    private static final Color GRID = new Color(0xDDDDDD);

    private Charts() {}

    /** s(a,p) and s(a,n) per negative kind, each as its share of pairs per bin, overlaid. */
    static void similarityHistogram(ResultStats stats, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(shares("s(a,p) positive", stats.positive));
        for (Map.Entry<String, Histogram> e : stats.negatives.entrySet()) {
            data.addSeries(shares("s(a,n) " + e.getKey(), e.getValue()));
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        null,
                        "cosine similarity to the anchor",
                        "share of pairs per bin (%)",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = style(chart);
        XYLineAndShapeRenderer renderer = lines(data.getSeriesCount(), 2f);
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setRange(leftEdge(stats), 1.0);
        save(chart, file, WIDE_WIDTH, HISTOGRAM_HEIGHT);
    }

    private static XYSeries shares(String name, Histogram h) {
        XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s (n=%,d)", name, h.total()));
        for (int i = 0; i < h.bins(); i++) {
            s.add(h.binCenter(i), h.total() == 0 ? 0 : 100.0 * h.count(i) / h.total());
        }
        return s;
    }

    /**
     * Left edge of the drawn range: the lowest bin, over all histograms, below which lies at most
     * {@link #CLIPPED_SHARE} of that histogram's values, less one bin. A few outliers near -1 would
     * otherwise squeeze the distributions into the right quarter of the chart.
     */
    static double leftEdge(ResultStats stats) {
        double low = lowBin(stats.positive);
        for (Histogram h : stats.negatives.values()) {
            low = Math.min(low, lowBin(h));
        }
        return Math.max(-1.0, low - stats.positive.binWidth());
    }

    private static double lowBin(Histogram h) {
        long below = 0;
        for (int i = 0; i < h.bins(); i++) {
            below += h.count(i);
            if (below > CLIPPED_SHARE * h.total()) {
                return h.binCenter(i) - h.binWidth() / 2;
            }
        }
        return 1.0;
    }

    /** Mean loss (top) and semi-hard-empty rate (bottom) per time bucket and bank key. */
    static void lossOverTime(LossOverTime over, Path file) throws IOException {
        TimeSeriesCollection loss = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        TimeSeriesCollection empty = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        for (LossOverTime.Series s : over.series()) {
            String name = String.format(Locale.ROOT, "%s (%,d anchors)", s.name(), s.anchors());
            TimeSeries l = new TimeSeries(name);
            TimeSeries e = new TimeSeries(name);
            s.buckets()
                    .forEach(
                            (t, sums) -> {
                                FixedMillisecond at = new FixedMillisecond(t);
                                if (sums.losses > 0) {
                                    l.add(at, sums.lossSum / sums.losses);
                                }
                                e.add(at, 100.0 * sums.semiHardEmpty / sums.anchors);
                            });
            loss.addSeries(l);
            empty.addSeries(e);
        }
        DateAxis time = new DateAxis("anchor end time (UTC), per " + bucketName(over.bucket()));
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat format =
                new SimpleDateFormat(
                        over.bucket() == LossOverTime.Bucket.HOUR ? "yyyy-MM-dd HH:mm" : "yyyy-MM",
                        Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        if (over.bucket() != LossOverTime.Bucket.MONTH) {
            format.applyPattern(
                    over.bucket() == LossOverTime.Bucket.DAY ? "yyyy-MM-dd" : "MM-dd HH:mm");
        }
        time.setDateFormatOverride(format);

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        XYPlot top = new XYPlot(loss, null, new NumberAxis("mean InfoNCE loss"), null);
        top.setRenderer(lines(loss.getSeriesCount(), 1.6f));
        XYPlot bottom = new XYPlot(empty, null, new NumberAxis("semi-hard empty (%)"), null);
        XYLineAndShapeRenderer bottomLines = lines(empty.getSeriesCount(), 1.6f);
        bottomLines.setDefaultSeriesVisibleInLegend(false);
        bottom.setRenderer(bottomLines);
        ((NumberAxis) top.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.add(top, 3);
        plot.add(bottom, 2);
        for (XYPlot p : List.of(top, bottom)) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        save(chart, file, WIDE_WIDTH, TIME_HEIGHT);
    }

    private static String bucketName(LossOverTime.Bucket b) {
        return b.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One gallery chart: the anchor, its positive and its three hardest negatives, as normalised
     * closes ({@code paths} per window, in that order) or, when {@code paths} is null, as their
     * embeddings.
     */
    static void galleryChart(GalleryEntry entry, double[][] paths, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<GalleryEntry.Window> windows = windows(entry);
        for (int w = 0; w < windows.size(); w++) {
            GalleryEntry.Window win = windows.get(w);
            XYSeries s = new XYSeries(label(win, w), false, true);
            if (paths == null) {
                for (int i = 0; i < win.embedding().length; i++) {
                    s.add(i, win.embedding()[i]);
                }
            } else if (paths[w] != null) {
                for (int i = 0; i < paths[w].length; i++) {
                    s.add(i, paths[w][i]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        null,
                        paths == null ? "embedding dimension" : "bar of the window",
                        paths == null ? "embedding value" : "close / first close",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        XYPlot plot = style(chart);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        Color[] colours = {
            Color.BLACK, PALETTE[2], PALETTE[1], PALETTE[4], PALETTE[3],
        };
        for (int i = 0; i < windows.size(); i++) {
            r.setSeriesPaint(i, colours[i % colours.length]);
            r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.2f : 1.3f));
        }
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
        plot.getDomainAxis().setLabelFont(small);
        plot.getRangeAxis().setLabelFont(small);
        plot.getDomainAxis().setTickLabelFont(small);
        plot.getRangeAxis().setTickLabelFont(small);
        // One legend line per window: five labels side by side do not fit 440 pixels.
        chart.removeLegend();
        LegendTitle legend =
                new LegendTitle(plot, new ColumnArrangement(), new ColumnArrangement());
        legend.setItemFont(small);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
        legend.setMargin(2, 8, 4, 4);
        chart.addSubtitle(legend);
        save(chart, file, GALLERY_WIDTH, GALLERY_HEIGHT);
    }

    static List<GalleryEntry.Window> windows(GalleryEntry e) {
        List<GalleryEntry.Window> all = new java.util.ArrayList<>();
        all.add(e.anchor());
        all.add(e.positive());
        all.addAll(e.negatives());
        return all;
    }

    /** {@code AAPL 2016-01-04..2016-03-01 s=0.931 (hard)}; the anchor has no similarity. */
    static String label(GalleryEntry.Window w, int index) {
        String end = BarTime.format(w.endTime()).substring(0, 10);
        String dates =
                w.startTime() >= 0
                        ? BarTime.format(w.startTime()).substring(0, 10) + ".." + end
                        : "to " + end;
        if (index == 0) {
            return "anchor " + w.symbol() + " " + dates;
        }
        return String.format(
                Locale.ROOT, "%s %s %s s=%.3f", w.kind(), w.symbol(), dates, w.similarity());
    }

    private static XYPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        return plot;
    }

    private static XYLineAndShapeRenderer lines(int series, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(width));
        }
        return r;
    }

    private static void save(JFreeChart chart, Path file, int width, int height)
            throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }
}
