package io.hardneg.cli;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.job.SectorMap;
import io.hardneg.report.MiningReport;
import io.hardneg.report.ReportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Writes an HTML report of mining results (similarity histograms, loss over time,"
                        + " most-mined pairs, a gallery of anchors and their hardest negatives)"
                        + " into a directory: index.html and PNG charts, nothing from the"
                        + " network.")
final class ReportCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--in",
                required = true,
                paramLabel = "FILE",
                description = "Results as JSON Lines (the --out file of backfill).")
        Path file;

        @ArgGroup(exclusive = false)
        Topic topic;
    }

    static final class Topic {
        @Option(
                names = "--bootstrap",
                required = true,
                paramLabel = "HOST:PORT",
                description = "Kafka brokers to read the result topic from (read committed).")
        String bootstrap;

        @Option(
                names = "--topic",
                required = true,
                paramLabel = "T",
                description = "Result topic, read from the beginning to its end as of the start.")
        String topic;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory.")
    Path out;

    @Option(
            names = "--bars-dir",
            paramLabel = "DIR",
            description =
                    "CSV bars the results were mined from; the gallery then draws price paths"
                            + " instead of embeddings.")
    Path barsDir;

    @Option(
            names = "--sectors-file",
            paramLabel = "CSV",
            description = "Symbol and Sector columns, to show sectors in the pairs table.")
    Path sectorsFile;

    @Option(
            names = "--gallery",
            paramLabel = "N",
            defaultValue = "" + ReportOptions.DEFAULT_GALLERY,
            description = "Anchors in the gallery (default: ${DEFAULT-VALUE}).")
    int gallery;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "" + ReportOptions.DEFAULT_SEED,
            description = "Seed of the gallery's sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--window-length",
            paramLabel = "BARS",
            defaultValue = "" + ReportOptions.DEFAULT_WINDOW_LENGTH,
            description =
                    "Bars per window when the anchor's bars cannot tell (default:"
                            + " ${DEFAULT-VALUE}).")
    int windowLength;

    @Override
    public Integer call() throws Exception {
        List<Bar> bars = null;
        if (barsDir != null) {
            bars = CsvBarReader.readDirectory(barsDir).barsInTimeOrder();
        }
        Map<String, String> sectors = null;
        if (sectorsFile != null) {
            if (!Files.isRegularFile(sectorsFile)) {
                throw new IOException(
                        "--sectors-file "
                                + sectorsFile
                                + " does not exist; give a CSV with Symbol and Sector columns,"
                                + " or leave the option out");
            }
            sectors = SectorMap.load(sectorsFile.toString());
        }
        MiningReport report =
                new MiningReport(
                        new ReportOptions(bars, sectors, gallery, seed, windowLength), System.err);
        String source;
        if (input.file != null) {
            report.readFile(input.file);
            source = input.file.toString();
        } else {
            report.readTopic(input.topic.bootstrap, input.topic.topic);
            source = "topic " + input.topic.topic + " on " + input.topic.bootstrap;
        }
        if (report.results() == 0) {
            throw new IOException(
                    source
                            + " holds no mining result; give a results file written by"
                            + " ./hardneg backfill, or the result topic");
        }
        Path index = report.write(out, source);
        System.out.println("wrote " + index);
        return 0;
    }
}
