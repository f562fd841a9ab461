package io.hardneg.cli;

import io.hardneg.local.DemoRunner;
import io.hardneg.local.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine: a Kafka broker (KRaft, 127.0.0.1), a Flink"
                    + " MiniCluster with RocksDB and checkpoints, the bundled sample of 30 S&P 500"
                    + " stocks published to the bar topic, results read back and summarised.",
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--bars-dir",
            paramLabel = "DIR",
            description = "Replay these CSV files instead of the bundled sample.")
    Path barsDir;

    @Option(
            names = "--examples",
            paramLabel = "N",
            defaultValue = "3",
            description = "Results to print in readable form (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(
            names = "--report-dir",
            paramLabel = "DIR",
            defaultValue = "hardneg-report",
            description = "Where the HTML report of the run goes (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        RunSummary summary =
                DemoRunner.run(
                        barsDir,
                        config.load().withDefaults(DemoDefaults.values()),
                        reportDir,
                        System.out);
        summary.print(System.out, examples);
        return 0;
    }
}
