package io.hardneg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardneg.bars.Bar;
import io.hardneg.bars.BarTime;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiningReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] SYMBOLS = {
        "AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "JJJ"
    };
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long FIRST_END = BarTime.parse("2015-03-02");
    private static final int RESULTS = 200;

    /** The exact numbers the generated results hold, counted while writing them. */
    private static final class Expected {
        long withPositive;
        long semiHardEmpty;
        long semiHardEmptyWithPositive;
        long exclusion;
        long maxSimilarity;
        long modelA;
        long modelB;
    }

    @TempDir Path dir;

    @Test
    void countsOnThePageEqualTheNumbersInTheResults() throws IOException {
        Expected expected = new Expected();
        Path in = writeResults(expected, true);

        Path index = report(in, ReportOptions.defaults());
        String html = Files.readString(index);

        assertThat(count(html, "count-results")).isEqualTo(RESULTS);
        assertThat(count(html, "count-with-positive"))
                .isEqualTo(expected.withPositive)
                .isEqualTo(190);
        assertThat(count(html, "count-semi-hard-empty"))
                .isEqualTo(expected.semiHardEmpty)
                .isEqualTo(57);
        assertThat(count(html, "count-semi-hard-empty-with-positive"))
                .isEqualTo(expected.semiHardEmptyWithPositive)
                .isEqualTo(47);
        assertThat(count(html, "count-skipped")).isEqualTo(2);
        assertThat(count(html, "guard-exclusion")).isEqualTo(expected.exclusion).isEqualTo(199);
        assertThat(count(html, "guard-maxSimilarity"))
                .isEqualTo(expected.maxSimilarity)
                .isEqualTo(40);
        assertThat(text(html, "model-0")).isEqualTo("enc@aaaa");
        assertThat(count(html, "model-count-0")).isEqualTo(expected.modelA).isEqualTo(150);
        assertThat(text(html, "model-1")).isEqualTo("enc@bbbb");
        assertThat(count(html, "model-count-1")).isEqualTo(expected.modelB).isEqualTo(50);
    }

    @Test
    void pairsTableCountsUnorderedPairsOfHardNegativesFromOtherSymbols() throws IOException {
        // Each anchor of symbol k has hard negatives k+1 and k+2 (mod 10), 20 anchors per
        // symbol, so each of the 20 pairs {k, k+1} and {k, k+2} is mined exactly 20 times; the
        // 190 anchors with a positive also have a hard negative of their own symbol.
        String html =
                Files.readString(
                        report(writeResults(new Expected(), true), ReportOptions.defaults()));

        assertThat(html)
                .contains("20 distinct pairs")
                .contains("own symbol (windows far apart in time): 190.");
        assertThat(html)
                .contains(
                        "<tr><td class=\"n\">1</td><td>AAA</td><td>BBB</td><td class=\"n\">20</td></tr>")
                .contains(
                        "<tr><td class=\"n\">2</td><td>AAA</td><td>CCC</td><td class=\"n\">20</td></tr>")
                .contains("<tr><td class=\"n\">3</td><td>AAA</td><td>III</td>");
        assertThat(html).doesNotContain("<td>AAA</td><td>AAA</td>");
    }

    @Test
    void everyChartIsAPngOfItsDeclaredSize() throws IOException {
        Path index = report(writeResults(new Expected(), true), ReportOptions.defaults());

        assertPng(
                dir.resolve("out").resolve(HtmlPage.HISTOGRAM_PNG),
                Charts.WIDE_WIDTH,
                Charts.HISTOGRAM_HEIGHT);
        assertPng(
                dir.resolve("out").resolve(HtmlPage.LOSS_PNG),
                Charts.WIDE_WIDTH,
                Charts.TIME_HEIGHT);
        List<String> gallery =
                sources(Files.readString(index)).stream()
                        .filter(s -> s.startsWith("gallery-"))
                        .toList();
        assertThat(gallery).hasSize(ReportOptions.DEFAULT_GALLERY);
        for (String g : gallery) {
            assertPng(dir.resolve("out").resolve(g), Charts.GALLERY_WIDTH, Charts.GALLERY_HEIGHT);
        }
    }

    @Test
    void pageReferencesOnlyFilesInTheReportDirectoryAndNothingFromTheNetwork() throws IOException {
        Path index = report(writeResults(new Expected(), true), ReportOptions.defaults());
        String html = Files.readString(index);

        List<String> refs = sources(html);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).doesNotContain("://").doesNotStartWith("/").doesNotContain("..");
            assertThat(index.getParent().resolve(ref)).isRegularFile();
        }
        assertThat(html).doesNotContain("<script").doesNotContain("<link");
    }

    @Test
    void galleryDrawsPricePathsFromBarsAndLabelsSymbolDatesAndSimilarity() throws IOException {
        Path in = writeResults(new Expected(), true);
        ReportOptions options =
                new ReportOptions(bars(), Map.of("AAA", "Tech", "BBB", "Energy"), 6, 7, 64);

        String html = Files.readString(report(in, options));

        assertThat(sources(html).stream().filter(s -> s.startsWith("gallery-"))).hasSize(6);
        assertThat(html).contains("divided by the first close").doesNotContain("embeddings (value");
        assertThat(html).doesNotContain("had no bars");
        // An anchor label: symbol, start..end dates; a negative label: kind, symbol, dates, s=.
        assertThat(html)
                .containsPattern("anchor [A-J]{3} \\d{4}-\\d\\d-\\d\\d\\.\\.\\d{4}-\\d\\d-\\d\\d");
        assertThat(html)
                .containsPattern(
                        "hard [A-J]{3} \\d{4}-\\d\\d-\\d\\d\\.\\.\\d{4}-\\d\\d-\\d\\d s=0\\.\\d{3}");
        assertThat(html).contains("<th>sector</th>").contains("Tech").contains("Energy");
    }

    @Test
    void withoutBarsTheGalleryDrawsEmbeddingsAndSaysSo() throws IOException {
        String html =
                Files.readString(
                        report(writeResults(new Expected(), true), ReportOptions.defaults()));

        assertThat(html).contains("No --bars-dir was given").doesNotContain("<th>sector</th>");
    }

    @Test
    void sameSeedGivesTheSameGalleryAndAnotherSeedAnother() throws IOException {
        Path in = writeResults(new Expected(), false);

        List<String> first = galleryCaptions(in, 1);
        List<String> again = galleryCaptions(in, 1);
        List<String> other = galleryCaptions(in, 2);

        assertThat(first)
                .hasSize(ReportOptions.DEFAULT_GALLERY)
                .isEqualTo(again)
                .isNotEqualTo(other);
    }

    @Test
    void aLineThatIsNotAResultIsReportedWithItsLineNumberAndSkipped() throws IOException {
        Path in = writeResults(new Expected(), true);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MiningReport report =
                new MiningReport(
                        ReportOptions.defaults(),
                        new PrintStream(log, true, StandardCharsets.UTF_8));

        report.readFile(in);

        String messages = log.toString(StandardCharsets.UTF_8);
        assertThat(messages).contains("line 51 is not a result (not JSON: ");
        assertThat(messages).contains("line 102 is not a result ('schema' is 2, expected 1");
    }

    @Test
    void missingInputFileNamesTheFileAndTheFix() {
        MiningReport report = new MiningReport(ReportOptions.defaults(), System.err);

        assertThatThrownBy(() -> report.readFile(dir.resolve("nope.jsonl")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nope.jsonl does not exist")
                .hasMessageContaining("--bootstrap");
    }

    @Test
    void monthsAreChosenForAYearOfDailyDataAndHoursForOneDayOfMinutes() {
        LossOverTime daily = new LossOverTime();
        LossOverTime minutes = new LossOverTime();
        for (int i = 0; i < 365; i++) {
            daily.add("global", FIRST_END + i * DAY, 1.0, true);
            minutes.add("global", FIRST_END + i * 60_000L, 1.0, true);
        }

        assertThat(daily.bucket()).isEqualTo(LossOverTime.Bucket.MONTH);
        // 2015-03-02 plus 364 days is 2016-02-29: March to February.
        assertThat(daily.series().get(0).buckets()).hasSize(12);
        assertThat(minutes.bucket()).isEqualTo(LossOverTime.Bucket.HOUR);
        assertThat(minutes.series().get(0).buckets()).hasSize(7);
    }

    @Test
    void bankKeysBeyondEightSeriesAreMergedAsOther() {
        LossOverTime over = new LossOverTime();
        for (int key = 0; key < 12; key++) {
            for (int i = 0; i <= key; i++) {
                over.add("key" + key, FIRST_END + i * DAY, 1.0, i % 2 == 0);
            }
        }

        List<LossOverTime.Series> series = over.series();

        assertThat(series).hasSize(LossOverTime.MAX_SERIES);
        assertThat(series.get(0).name()).isEqualTo("key11");
        assertThat(series.get(7).name()).isEqualTo(LossOverTime.OTHER);
        // key0..key4 hold 1+2+3+4+5 anchors.
        assertThat(series.get(7).anchors()).isEqualTo(15);
    }

    private Path report(Path in, ReportOptions options) throws IOException {
        MiningReport report =
                new MiningReport(options, new PrintStream(new ByteArrayOutputStream()));
        report.readFile(in);
        return report.write(dir.resolve("out"), in.toString());
    }

    private List<String> galleryCaptions(Path in, long seed) throws IOException {
        MiningReport report =
                new MiningReport(
                        new ReportOptions(null, null, 12, seed, 64),
                        new PrintStream(new ByteArrayOutputStream()));
        report.readFile(in);
        String html = Files.readString(report.write(dir.resolve("seed" + seed), "test"));
        List<String> captions = new ArrayList<>();
        Matcher m = Pattern.compile("<figcaption>(.*?)</figcaption>").matcher(html);
        while (m.find()) {
            captions.add(m.group(1));
        }
        return captions;
    }

    /**
     * 200 results of 10 symbols, 20 end times 8 days apart: the first window of each symbol has no
     * positive; every fourth anchor has an empty semi-hard band. With {@code badLines}, line 51 is
     * not JSON and line 102 has another schema.
     */
    private Path writeResults(Expected e, boolean badLines) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RESULTS; i++) {
            if (badLines && (lines.size() == 50 || lines.size() == 101)) {
                lines.add(lines.size() == 50 ? "this is not json" : "{\"schema\":2}");
            }
            lines.add(result(i, e));
        }
        Path file = dir.resolve("results.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static String result(int i, Expected e) {
        String symbol = SYMBOLS[i % SYMBOLS.length];
        long end = FIRST_END + (i / SYMBOLS.length) * 8 * DAY;
        boolean hasPositive = i >= SYMBOLS.length;
        boolean semiHard = hasPositive && i % 4 != 0;
        String model = i < 150 ? "enc@aaaa" : "enc@bbbb";

        ObjectNode r = MAPPER.createObjectNode();
        r.put("schema", 1);
        r.put("bankKey", i % 3 == 0 ? "sector-a" : "sector-b");
        r.put("bankSize", 100 + i);
        r.put("modelVersion", model);
        ObjectNode a = r.putObject("anchor");
        a.put("id", symbol + "@" + BarTime.format(end));
        a.put("symbol", symbol);
        a.put("startTime", BarTime.format(end - 63 * DAY));
        a.put("endTime", BarTime.format(end));
        a.put("barIndex", 63 + (i / SYMBOLS.length) * 8);
        embedding(a, i);
        double ps = 0.80 + (i % 10) * 0.01;
        if (hasPositive) {
            ObjectNode p = r.putObject("positive");
            entry(p, symbol, end - 8 * DAY, model, i + 1);
            p.put("similarity", (float) ps);
            p.put("weight", 0.4f);
        } else {
            r.putNull("positive");
        }
        ArrayNode negs = r.putArray("negatives");
        negative(
                negs,
                SYMBOLS[(i + 1) % 10],
                end,
                0.97 - (i % 7) * 0.01,
                "hard",
                model,
                i,
                hasPositive);
        negative(
                negs,
                SYMBOLS[(i + 2) % 10],
                end - DAY,
                0.95 - (i % 5) * 0.01,
                "hard",
                model,
                i,
                hasPositive);
        if (hasPositive) {
            negative(negs, symbol, end - 200 * DAY, 0.92, "hard", model, i, true);
            if (semiHard) {
                negative(
                        negs,
                        SYMBOLS[(i + 3) % 10],
                        end - 2 * DAY,
                        ps - 0.05,
                        "semi-hard",
                        model,
                        i,
                        true);
            }
        }
        r.put("semiHardAvailable", semiHard);
        r.put("eligible", 90 + i);
        if (hasPositive) {
            r.put("loss", (float) (1.0 + (i % 13) * 0.1));
            embedding(r, "gradient", i + 7);
        } else {
            r.putNull("loss");
            r.putNull("gradient");
        }
        ObjectNode guards = r.putObject("guards");
        guards.put("exclusion", i % 3);
        guards.put("maxSimilarity", i % 5 == 0 ? 1 : 0);

        e.withPositive += hasPositive ? 1 : 0;
        e.semiHardEmpty += semiHard ? 0 : 1;
        e.semiHardEmptyWithPositive += hasPositive && !semiHard ? 1 : 0;
        e.exclusion += i % 3;
        e.maxSimilarity += i % 5 == 0 ? 1 : 0;
        e.modelA += i < 150 ? 1 : 0;
        e.modelB += i < 150 ? 0 : 1;
        return r.toString();
    }

    private static void negative(
            ArrayNode negs,
            String symbol,
            long end,
            double s,
            String kind,
            String model,
            int i,
            boolean weight) {
        ObjectNode n = negs.addObject();
        entry(n, symbol, end, model, i + negs.size() * 31);
        n.put("similarity", (float) s);
        n.put("kind", kind);
        if (weight) {
            n.put("weight", 0.1f);
        }
    }

    private static void entry(ObjectNode n, String symbol, long end, String model, int seed) {
        n.put("id", symbol + "@" + BarTime.format(end));
        n.put("symbol", symbol);
        n.put("endTime", BarTime.format(end));
        n.put("barIndex", 100);
        n.put("modelVersion", model);
        embedding(n, seed);
    }

    private static void embedding(ObjectNode n, int seed) {
        embedding(n, "embedding", seed);
    }

    private static void embedding(ObjectNode n, String field, int seed) {
        ArrayNode e = n.putArray(field);
        for (int d = 0; d < 32; d++) {
            e.add((float) Math.sin(seed * 0.37 + d * 0.5) / 5.657f);
        }
    }

    /** A bar every calendar day for each symbol, covering every window the results name. */
    private static List<Bar> bars() {
        List<Bar> bars = new ArrayList<>();
        for (int s = 0; s < SYMBOLS.length; s++) {
            for (long t = FIRST_END - 400 * DAY; t <= FIRST_END + 200 * DAY; t += DAY) {
                double c = 50 + s * 10 + 5 * Math.sin(t / (double) DAY / (7.0 + s));
                bars.add(new Bar(SYMBOLS[s], t, c, c + 1, c - 1, c, 1000));
            }
        }
        return bars;
    }

    private static long count(String html, String id) {
        return Long.parseLong(text(html, id).replace(",", ""));
    }

    private static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\">([^<]*)<").matcher(html);
        assertThat(m.find()).as("element with id %s", id).isTrue();
        return m.group(1);
    }

    private static List<String> sources(String html) {
        List<String> refs = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            refs.add(m.group(1));
        }
        return refs;
    }

    private static void assertPng(Path file, int width, int height) throws IOException {
        assertThat(file).isRegularFile();
        try (Stream<String> unused = Stream.empty()) {
            byte[] magic = Files.readAllBytes(file);
            assertThat(magic).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("%s decodes as an image", file).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}
