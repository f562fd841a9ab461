package io.hardneg.cli;

import io.hardneg.local.EmbeddingBench;
import io.hardneg.local.ResultTopicBench;
import io.hardneg.local.ThroughputBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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

    @Option(
            names = "--preload",
            description =
                    "Publish every bar before the job starts and time how fast the job drains"
                            + " the backlog: throughput without a producer on the same cores"
                            + " (no latency figures).")
    boolean preload;

    /** Enough for a long steady-state run; more would hold too many bars in memory. */
    static final int MAX_PASSES = 100;

    @Option(
            names = "--passes",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Publish the bars N times, each pass following the one before in event time"
                            + " (default ${DEFAULT-VALUE}, at most "
                            + MAX_PASSES
                            + "); with N > 1 each pass is timed by when the job wrote its"
                            + " results, and passes 2 to N together: the job on a warm JVM,"
                            + " with banks the earlier passes filled.")
    int passes;

    @Option(
            names = "--stage",
            paramLabel = "STAGE",
            defaultValue = "job",
            description =
                    "What to measure: job (the whole streaming job, the default), embedding"
                            + " (the embedding stage alone, one subtask, windows/s at"
                            + " encoder.batch.max-size, to compare with the encoder's JMH"
                            + " benchmark) or results (a local broker and a transactional"
                            + " producer alone publishing records of a result's size: records/s"
                            + " and CPU per record, the floor under the job's output).")
    Stage stage;

    @Option(
            names = "--windows",
            paramLabel = "N",
            defaultValue = "300000",
            description = "With --stage embedding: windows to embed (default ${DEFAULT-VALUE}).")
    long windows;

    @Option(
            names = "--records",
            paramLabel = "N",
            defaultValue = "60000",
            description = "With --stage results: records to publish (default ${DEFAULT-VALUE}).")
    long records;

    @Option(
            names = "--record-bytes",
            paramLabel = "B",
            defaultValue = "30600",
            description =
                    "With --stage results: bytes per record (default ${DEFAULT-VALUE}, a result"
                            + " with its input windows; 6300 without them).")
    int recordBytes;

    @Mixin ConfigOptions config;

    enum Stage {
        job,
        embedding,
        results
    }

    @Override
    public Integer call() throws Exception {
        if (windows < 2) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--windows="
                            + windows
                            + " is too small: pass at least 2, e.g. --windows 300000");
        }
        if (passes < 1 || passes > MAX_PASSES) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--passes="
                            + passes
                            + " is out of range: pass 1 to "
                            + MAX_PASSES
                            + ", e.g. --passes 4");
        }
        if (passes > 1 && stage != Stage.job) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--passes applies to --stage job only, not --stage "
                            + stage
                            + ": drop one of them");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--rate="
                            + rate
                            + " is not a rate: pass bars per second >= 0 (0: as fast as"
                            + " possible), e.g. --rate 15000");
        }
        if (preload && rate > 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--preload publishes before the job starts, so --rate="
                            + rate
                            + " cannot apply: drop one of them");
        }
        if (stage == Stage.results) {
            if (records < 1 || recordBytes < 1) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "--records="
                                + records
                                + " --record-bytes="
                                + recordBytes
                                + ": both must be positive, e.g. --records 60000"
                                + " --record-bytes 30600");
            }
            ResultTopicBench.run(
                    config.load().withDefaults(DemoDefaults.values()),
                    records,
                    recordBytes,
                    System.out);
        } else if (stage == Stage.embedding) {
            EmbeddingBench.run(barsDir, config.load(), windows, System.out);
        } else {
            ThroughputBench.run(
                    barsDir,
                    config.load().withDefaults(DemoDefaults.values()),
                    rate,
                    preload,
                    passes,
                    System.out);
        }
        return 0;
    }
}
