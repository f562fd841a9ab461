package io.hardneg.local;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.job.HardnegPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Checks a local run makes before it starts a broker or a cluster. */
final class RunChecks {
    private RunChecks() {}

    /** Fails when no row of the input could be used. */
    static void requireBars(List<Bar> bars, CsvBarReader reader, Path barsDir) throws IOException {
        if (!bars.isEmpty()) {
            return;
        }
        String where = barsDir == null ? "the bundled sample" : barsDir.toString();
        String example = reader.rejected().isEmpty() ? "" : "; first: " + reader.rejected().get(0);
        throw new IOException(
                "no usable bar in "
                        + where
                        + " ("
                        + reader.files()
                        + " files, "
                        + reader.rejected().size()
                        + " rows rejected"
                        + example
                        + "); expected CSV files with a Date,Open,High,Low,Close,Volume[,Name] or"
                        + " timestamp,open,high,low,close,volume header");
    }

    /** Opens the encoder and reads the sectors file, so their errors come before any work. */
    static void preflight(HardnegConfig config) throws IOException {
        HardnegPipeline.preflight(config);
    }
}
