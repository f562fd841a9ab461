package io.hardneg.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.bars.Bar;
import io.hardneg.bars.BarJson;
import io.hardneg.bars.BarTime;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.job.HardnegJob;
import io.hardneg.job.KeyedJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The bounded run: CSV files through the same job graph as the streaming job, results written as
 * JSON Lines in (anchor end time, anchor symbol) order, statistics records in (interval start, bank
 * key) order beside them.
 */
public final class BackfillRunner {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BackfillRunner() {}

    public static RunSummary run(Path barsDir, Path out, HardnegConfig config, PrintStream log)
            throws Exception {
        long start = System.nanoTime();
        CsvBarReader reader = CsvBarReader.readDirectory(barsDir);
        List<Bar> bars = reader.barsInTimeOrder();
        RunChecks.requireBars(bars, reader, barsDir);
        RunChecks.preflight(config);
        log.printf(
                Locale.ROOT,
                "read %,d bars from %d files in %s, %,d rows rejected%n",
                bars.size(),
                reader.files(),
                barsDir,
                reader.rejected().size());
        Path work = Files.createTempDirectory("hardneg-backfill-");
        try {
            Path barsFile = work.resolve("bars.jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(barsFile, StandardCharsets.UTF_8)) {
                for (Bar bar : bars) {
                    w.write(BarJson.toJson(bar));
                    w.newLine();
                }
            }
            StreamExecutionEnvironment env =
                    LocalFlink.environment(
                            config, DemoRunner.parallelism(config), work.resolve("ckpt"));
            List<String> results = new ArrayList<>();
            List<String> deadLetters = new ArrayList<>();
            List<String> stats = new ArrayList<>();
            try (CloseableIterator<KeyedJson> it =
                    HardnegJob.buildFile(env, config, barsFile)
                            .executeAndCollect("hardneg-backfill")) {
                while (it.hasNext()) {
                    KeyedJson record = it.next();
                    if (HardnegJob.RESULT.equals(record.key)) {
                        results.add(record.json());
                    } else if (HardnegJob.STATS.equals(record.key)) {
                        stats.add(record.json());
                    } else {
                        deadLetters.add(record.json());
                    }
                }
            }
            sortByAnchor(results);
            writeLines(out, results);
            log.printf(Locale.ROOT, "wrote %,d results to %s%n", results.size(), out);
            if (!deadLetters.isEmpty()) {
                Path deadFile = out.resolveSibling(out.getFileName() + ".dead-letters.jsonl");
                writeLines(deadFile, deadLetters);
                log.printf(
                        Locale.ROOT,
                        "wrote %,d dead letters to %s%n",
                        deadLetters.size(),
                        deadFile);
            }
            sortByInterval(stats);
            Path statsFile = out.resolveSibling(out.getFileName() + ".stats.jsonl");
            writeLines(statsFile, stats);
            log.printf(
                    Locale.ROOT, "wrote %,d statistics records to %s%n", stats.size(), statsFile);
            return new RunSummary(
                    bars.size(),
                    reader.rejected(),
                    reader.emptyFiles(),
                    deadLetters,
                    results,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    /** Sorts result lines by (anchor end time, anchor symbol): the order they are mined in. */
    public static void sortByAnchor(List<String> results) {
        record Keyed(long endTime, String symbol, String json) {}
        List<Keyed> keyed = new ArrayList<>(results.size());
        for (String r : results) {
            // The anchor's id is "SYMBOL@ISO time"; read it without parsing the whole result.
            String id = anchorId(r);
            int at = id.lastIndexOf('@');
            keyed.add(new Keyed(BarTime.parse(id.substring(at + 1)), id.substring(0, at), r));
        }
        keyed.sort(Comparator.comparingLong(Keyed::endTime).thenComparing(Keyed::symbol));
        results.clear();
        keyed.forEach(k -> results.add(k.json()));
    }

    /** Sorts statistics lines by (interval start, bank key). */
    public static void sortByInterval(List<String> stats) {
        record Keyed(long start, String bankKey, String json) {}
        List<Keyed> keyed = new ArrayList<>(stats.size());
        for (String s : stats) {
            try {
                var node = MAPPER.readTree(s);
                keyed.add(
                        new Keyed(
                                BarTime.parse(node.get("intervalStart").asText()),
                                node.get("bankKey").asText(),
                                s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        keyed.sort(Comparator.comparingLong(Keyed::start).thenComparing(Keyed::bankKey));
        stats.clear();
        keyed.forEach(k -> stats.add(k.json()));
    }

    private static String anchorId(String json) {
        String marker = "\"anchor\":{\"id\":\"";
        int start = json.indexOf(marker);
        if (start < 0) {
            throw new IllegalArgumentException("not a result record: no anchor id in " + json);
        }
        start += marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
