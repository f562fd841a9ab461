package io.hardneg.local;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.EmbeddedWindow;
import io.hardneg.job.HardnegPipeline;
import io.hardneg.window.MarketWindow;
import io.hardneg.window.SeriesState;
import io.hardneg.window.WindowBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Throughput of the job's embedding stage alone: the windows of a set of bars, built up front and
 * replayed in a cycle by a sequence source, go through the same operator as in the job (one
 * subtask, micro-batches of {@code encoder.batch.max-size}) in a MiniCluster. Windows per second
 * are counted from the first embedded window to the last, so job start-up and the model's loading
 * do not count; the transfer of windows from the source task to the embedding task does, as in the
 * job. The figure compares with the encoder's standalone JMH benchmark at the same batch size.
 */
public final class EmbeddingBench {
    private static final String COUNT = "embedded-windows";
    private static final String NANOS = "embedding-nanos";

    private EmbeddingBench() {}

    public static void run(Path barsDir, HardnegConfig config, long windows, PrintStream out)
            throws Exception {
        int distinct = buildWindows(barsDir, config).size();
        if (distinct == 0) {
            throw new IllegalArgumentException(
                    "the bars make no window of window.length="
                            + config.get(HardnegOptions.WINDOW_LENGTH)
                            + " bars; pass --bars-dir with longer series");
        }
        out.printf(
                Locale.ROOT,
                "embedding %,d windows (%,d distinct, cycled), encoder.batch.max-size=%d,"
                        + " encoder.threads=%d, one subtask%n",
                windows,
                distinct,
                config.get(HardnegOptions.ENCODER_BATCH_MAX_SIZE),
                config.get(HardnegOptions.ENCODER_THREADS));
        Path work = Files.createTempDirectory("hardneg-embed-bench-");
        try {
            StreamExecutionEnvironment env = LocalFlink.environment(config, 1, work);
            DataStream<MarketWindow> source =
                    env.fromSequence(0, windows - 1)
                            .map(
                                    new WindowCycle(
                                            barsDir == null ? null : barsDir.toString(), config))
                            .returns(TypeInformation.of(MarketWindow.class))
                            .name("cycle-windows");
            HardnegPipeline.embed(source, HardnegPipeline.noModels(env), config)
                    .flatMap(new Timing())
                    .returns(Long.class)
                    .sinkTo(new DiscardingSink<>());
            JobExecutionResult result = env.execute("hardneg-embedding-bench");
            long count = result.getAccumulatorResult(COUNT);
            long nanos = result.getAccumulatorResult(NANOS);
            out.printf(
                    Locale.ROOT,
                    "embedded %,d windows in %.2f s: %,.0f windows/s%n",
                    count,
                    nanos / 1e9,
                    nanos == 0 ? Double.NaN : (count - 1) / (nanos / 1e9));
        } finally {
            EmbeddedKafka.deleteRecursively(work);
        }
    }

    static List<MarketWindow> buildWindows(Path barsDir, HardnegConfig config) throws IOException {
        CsvBarReader reader =
                barsDir == null ? SampleBars.read() : CsvBarReader.readDirectory(barsDir);
        WindowBuilder builder = HardnegPipeline.windowBuilder(config);
        Map<String, SeriesState> series = new HashMap<>();
        List<MarketWindow> windows = new ArrayList<>();
        for (Bar bar : reader.barsInTimeOrder()) {
            SeriesState s = series.computeIfAbsent(bar.symbol, k -> builder.newSeries());
            MarketWindow w = builder.append(s, bar);
            if (w != null) {
                windows.add(w);
            }
        }
        return windows;
    }

    /** Window {@code i mod n} of the bars' n windows; the windows are built when the task opens. */
    private static final class WindowCycle extends RichMapFunction<Long, MarketWindow> {
        private static final long serialVersionUID = 1L;
        private final String barsDir;
        private final HardnegConfig config;
        private transient MarketWindow[] windows;

        WindowCycle(String barsDir, HardnegConfig config) {
            this.barsDir = barsDir;
            this.config = config;
        }

        @Override
        public void open(OpenContext openContext) throws IOException {
            windows =
                    buildWindows(barsDir == null ? null : Path.of(barsDir), config)
                            .toArray(new MarketWindow[0]);
        }

        @Override
        public MarketWindow map(Long i) {
            return windows[(int) (i % windows.length)];
        }
    }

    /** Counts embedded windows and the time from the first to the last; emits nothing. */
    private static final class Timing extends RichFlatMapFunction<EmbeddedWindow, Long> {
        private static final long serialVersionUID = 1L;
        private transient long count;
        private transient long first;
        private transient long last;

        @Override
        public void flatMap(EmbeddedWindow value, Collector<Long> out) {
            long now = System.nanoTime();
            if (count++ == 0) {
                first = now;
            }
            last = now;
        }

        @Override
        public void close() {
            LongCounter n = new LongCounter();
            n.add(count);
            LongCounter nanos = new LongCounter();
            nanos.add(last - first);
            getRuntimeContext().addAccumulator(COUNT, n);
            getRuntimeContext().addAccumulator(NANOS, nanos);
        }
    }
}
