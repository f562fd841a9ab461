package io.hardneg.it.cluster;

import io.hardneg.bars.Bar;
import io.hardneg.config.HardnegConfig;
import io.hardneg.it.CommittedResults;
import io.hardneg.local.BackfillRunner;
import io.hardneg.local.SampleBars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure-free run the scenarios are compared with: the same bars through the backfill path
 * (the job's pipeline over files, in this JVM), and the bars cut into slices for publishing.
 */
final class ReferenceRun {

    private ReferenceRun() {}

    /** Results of an uninterrupted run over the bundled sample, normalised and sorted. */
    static List<String> expected(HardnegConfig config, Path dir) throws Exception {
        Path barsDir = dir.resolve("bars");
        SampleBars.copyTo(barsDir);
        Path out = dir.resolve("results.jsonl");
        BackfillRunner.run(
                barsDir,
                out,
                config,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> results =
                CommittedResults.normalise(Files.readAllLines(out, StandardCharsets.UTF_8));
        BackfillRunner.sortByAnchor(results);
        return results;
    }

    /**
     * The sample's bars in time order cut into {@code count} slices; the last slice ends with one
     * far later bar per partition so that every window is released.
     */
    static List<List<Bar>> slices(int count) throws IOException {
        List<Bar> bars = new ArrayList<>(SampleBars.read().barsInTimeOrder());
        long last = bars.get(bars.size() - 1).time;
        int n = bars.size();
        List<List<Bar>> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slices.add(new ArrayList<>(bars.subList(i * n / count, (i + 1) * n / count)));
        }
        for (int i = 0; i < 16; i++) {
            slices.get(count - 1)
                    .add(new Bar("ZZFLUSH" + i, last + 86_400_000L * 30, 1, 1, 1, 1, 1));
        }
        return slices;
    }
}
