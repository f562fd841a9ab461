package io.hardneg.cli;

import io.hardneg.local.ThroughputBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measures the streaming job end to end on this machine: a real broker and"
                        + " MiniCluster, exactly-once results; prints bars/s and the p50/p99"
                        + " latency from a bar's publication to its result being readable.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--bars-dir",
            paramLabel = "DIR",
            description = "CSV files to publish (default: the bundled sample).")
    Path barsDir;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Publish N bars per second (0, the default: as fast as possible, which"
                            + " measures throughput; a rate below it measures latency).")
    double rate;

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ThroughputBench.run(
                barsDir, config.load().withDefaults(DemoDefaults.values()), rate, System.out);
        return 0;
    }
}
