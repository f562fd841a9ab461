package io.hardneg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.hardneg.bars.Bar;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.local.BackfillRunner;
import io.hardneg.local.DemoRunner;
import io.hardneg.local.RunSummary;
import io.hardneg.local.SampleBars;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo path end to end on the bundled real bars: a real KRaft broker, a Flink MiniCluster with
 * RocksDB and exactly-once results, read back with read_committed. Then the backfill of the same
 * bars, which must give the same results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPipelineITCase {
    private static final int LENGTH = 64;
    private static final int STRIDE = 8;

    private HardnegConfig config;
    private RunSummary demo;
    private String demoLog;

    private Path reportDir;

    @BeforeAll
    void runDemo() throws Exception {
        reportDir = Files.createTempDirectory("hardneg-report-it-");
        config = HardnegConfig.defaults().with(HardnegOptions.CHECKPOINT_INTERVAL_MS, "2000");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        demo =
                DemoRunner.run(
                        null,
                        config,
                        reportDir,
                        new PrintStream(log, true, StandardCharsets.UTF_8));
        demoLog = log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyWindowOfTheSampleHasExactlyOneResult() throws Exception {
        Map<String, List<Bar>> bySymbol = new LinkedHashMap<>();
        for (Bar bar : SampleBars.read().barsInTimeOrder()) {
            bySymbol.computeIfAbsent(bar.symbol, s -> new ArrayList<>()).add(bar);
        }
        Set<String> expected = new HashSet<>();
        for (List<Bar> series : bySymbol.values()) {
            for (int last = LENGTH - 1; last < series.size(); last += STRIDE) {
                Bar end = series.get(last);
                expected.add(end.symbol + "@" + BarTime.format(end.time));
            }
        }
        List<String> ids = demo.results().stream().map(r -> r.at("/anchor/id").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
        // 30 files, of which AMT is empty and BHF (20 rows) is shorter than a window.
        assertThat(bySymbol).hasSize(29);
        assertThat(demoLog).contains("Kafka broker (KRaft) ready on 127.0.0.1:");
        assertThat(reportDir.resolve("index.html")).isRegularFile();
        assertThat(Files.readString(reportDir.resolve("index.html")))
                .contains(String.format(java.util.Locale.ROOT, "%,d", ids.size()));
    }

    @Test
    void negativesAreSortedGuardedAndTheirSimilaritiesAreDotProducts() {
        int withNegatives = 0;
        for (JsonNode r : demo.results()) {
            JsonNode anchor = r.get("anchor");
            float[] a = floats(anchor.get("embedding"));
            assertThat(r.get("vectors").asText()).isEqualTo("base64-f32le");
            // 4 channels x 64 bars, each channel z-scored within the window: mean 0.
            float[] input = floats(anchor.get("window"));
            assertThat(input).hasSize(4 * 64);
            double sum = 0;
            for (int t = 0; t < 64; t++) {
                sum += input[t];
            }
            assertThat(sum / 64).isCloseTo(0.0, within(1e-5));
            assertThat(norm(a)).isCloseTo(1.0, within(1e-5));
            double previous = Double.POSITIVE_INFINITY;
            JsonNode positive = r.get("positive");
            double sp = positive.isNull() ? Double.NaN : positive.get("similarity").asDouble();
            if (!positive.isNull()) {
                assertThat(positive.get("symbol").asText())
                        .isEqualTo(anchor.get("symbol").asText());
                assertThat(positive.get("barIndex").asLong())
                        .isEqualTo(anchor.get("barIndex").asLong() - STRIDE);
                assertThat(sp).isCloseTo(dot(a, floats(positive.get("embedding"))), within(1e-5));
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode n : r.get("negatives")) {
                float[] e = floats(n.get("embedding"));
                assertThat(floats(n.get("window"))).hasSize(4 * 64);
                double s = n.get("similarity").asDouble();
                assertThat(norm(e)).isCloseTo(1.0, within(1e-5));
                assertThat(s).isCloseTo(dot(a, e), within(1e-5));
                assertThat(s).isLessThanOrEqualTo(previous);
                previous = s;
                assertThat(seen.add(n.get("id").asText())).isTrue();
                assertThat(n.get("id").asText()).isNotEqualTo(anchor.get("id").asText());
                if (n.get("symbol").asText().equals(anchor.get("symbol").asText())) {
                    long gap =
                            Math.abs(anchor.get("barIndex").asLong() - n.get("barIndex").asLong());
                    assertThat(gap).isGreaterThanOrEqualTo(LENGTH);
                }
                if (n.get("kind").asText().equals("semi-hard")) {
                    assertThat(s).isLessThan(sp).isGreaterThan(sp - 0.1 - 1e-6);
                } else {
                    assertThat(n.get("kind").asText()).isEqualTo("hard");
                }
            }
            long hard = count(r, "hard");
            assertThat(hard).isLessThanOrEqualTo(10);
            assertThat(count(r, "semi-hard")).isLessThanOrEqualTo(5);
            if (hard > 0) {
                withNegatives++;
            }
        }
        // Once the bank has filled, every anchor gets its full ten hard negatives.
        assertThat(withNegatives).isGreaterThan(demo.results().size() * 9 / 10);
        assertThat(demo.results().get(demo.results().size() - 1).get("negatives").size())
                .isGreaterThanOrEqualTo(10);
    }

    @Test
    void backfillOfTheSameBarsGivesTheSameResults(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("bars");
        SampleBars.copyTo(bars);
        Path out = dir.resolve("results.jsonl");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BackfillRunner.run(bars, out, config, new PrintStream(log, true, StandardCharsets.UTF_8));
        List<String> fromFile = Files.readAllLines(out, StandardCharsets.UTF_8);
        List<String> fromKafka =
                new ArrayList<>(demo.results().stream().map(JsonNode::toString).toList());
        BackfillRunner.sortByAnchor(fromKafka);
        List<String> fileNormalised = new ArrayList<>();
        for (String line : fromFile) {
            fileNormalised.add(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).toString());
        }
        assertThat(fileNormalised).hasSameSizeAs(fromKafka);
        for (int i = 0; i < fromKafka.size(); i++) {
            assertThat(fileNormalised.get(i)).as("result %d", i).isEqualTo(fromKafka.get(i));
        }
    }

    @Test
    void rejectedRowsOfTheSampleAreCountedWithTheirFileLineAndReason() throws Exception {
        CsvBarReader sample = SampleBars.read();
        assertThat(sample.emptyFiles()).containsExactly("AMT.csv");
        assertThat(sample.rejected())
                .anySatisfy(
                        row -> {
                            assertThat(row.file()).isEqualTo("BA.csv");
                            assertThat(row.reason()).startsWith("missing-field: Open is empty");
                        });
        assertThat(demoLog).contains("rows rejected");
    }

    private static long count(JsonNode result, String kind) {
        long n = 0;
        for (JsonNode neg : result.get("negatives")) {
            if (neg.get("kind").asText().equals(kind)) {
                n++;
            }
        }
        return n;
    }

    private static float[] floats(JsonNode array) {
        if (array.isTextual()) {
            return io.hardneg.job.VectorCodec.decode(array.asText());
        }
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
