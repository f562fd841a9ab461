package io.hardneg.cli;

import io.hardneg.local.BackfillRunner;
import io.hardneg.local.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description =
                "Runs the job graph over CSV files as a bounded job and writes the results as JSON"
                        + " Lines, in (anchor end time, symbol) order.")
final class BackfillCommand implements Callable<Integer> {
    @Option(
            names = "--bars-dir",
            required = true,
            paramLabel = "DIR",
            description =
                    "Directory of CSV files (Date,Open,High,Low,Close,Volume,Name or"
                            + " timestamp,open,high,low,close,volume).")
    Path barsDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Results file.")
    Path out;

    @Option(
            names = "--examples",
            paramLabel = "N",
            defaultValue = "2",
            description = "Results to print in readable form (default: ${DEFAULT-VALUE}).")
    int examples;

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        RunSummary summary = BackfillRunner.run(barsDir, out, config.load(), System.out);
        summary.print(System.out, examples);
        return 0;
    }
}
