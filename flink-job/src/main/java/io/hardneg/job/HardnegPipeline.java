package io.hardneg.job;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.encoder.EncoderException;
import io.hardneg.encoder.OnnxWindowEncoder;
import io.hardneg.mining.MiningParams;
import io.hardneg.window.Feature;
import io.hardneg.window.MarketWindow;
import io.hardneg.window.WindowBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job graph from bars to results, the same for every source: route bad bars to the dead
 * letters, assemble windows per symbol, embed them in micro-batches, mine per bank key.
 */
public final class HardnegPipeline {
    private HardnegPipeline() {}

    /** The streams a run produces: results, dead letters and statistics records. */
    public record Outputs(
            DataStream<KeyedJson> results,
            DataStream<DeadLetter> deadLetters,
            DataStream<KeyedJson> stats) {}

    /** The watermark strategy of every bar source: bounded out-of-orderness, idle partitions. */
    public static WatermarkStrategy<BarEnvelope> watermarks(HardnegConfig config) {
        WatermarkStrategy<BarEnvelope> strategy =
                WatermarkStrategy.<BarEnvelope>forBoundedOutOfOrderness(
                                Duration.ofMillis(
                                        config.get(HardnegOptions.SOURCE_OUT_OF_ORDERNESS_MS)))
                        .withTimestampAssigner((envelope, previous) -> envelope.eventTime());
        long idle = config.get(HardnegOptions.SOURCE_IDLE_TIMEOUT_MS);
        return idle > 0 ? strategy.withIdleness(Duration.ofMillis(idle)) : strategy;
    }

    public static Outputs build(DataStream<BarEnvelope> envelopes, HardnegConfig config)
            throws IOException {
        return build(envelopes, null, config);
    }

    /**
     * The graph; {@code models} carries model announcements for hot swaps (null: none, the
     * configured model stays for the whole run).
     */
    public static Outputs build(
            DataStream<BarEnvelope> envelopes,
            DataStream<ModelAnnouncement> models,
            HardnegConfig config)
            throws IOException {
        DataStream<ModelAnnouncement> announcements = models != null ? models : noModels(envelopes);
        WindowBuilder builder = windowBuilder(config);
        int dim = checkEncoder(EncoderSpec.from(config));

        SingleOutputStreamOperator<BarEnvelope> bars =
                envelopes
                        .process(
                                new BarRouter(
                                        config.get(HardnegOptions.SOURCE_MAX_FUTURE_MS),
                                        System::currentTimeMillis))
                        .name("route-bars")
                        .uid("route-bars");
        SingleOutputStreamOperator<MarketWindow> windows =
                bars.keyBy(envelope -> envelope.bar.symbol)
                        .transform(
                                "assemble-windows",
                                TypeInformation.of(MarketWindow.class),
                                new WindowAssembler(builder))
                        .uid("assemble-windows");
        SingleOutputStreamOperator<EmbeddedWindow> embedded = embed(windows, announcements, config);
        Map<String, String> sectors =
                config.get(HardnegOptions.BANK_KEY).equals("sector")
                        ? SectorMap.load(config.get(HardnegOptions.BANK_SECTORS_FILE))
                        : Map.of();
        BankKeySelector bankKeys =
                new BankKeySelector(
                        config.get(HardnegOptions.BANK_KEY),
                        sectors,
                        config.get(HardnegOptions.BANK_DEFAULT_SECTOR));
        SingleOutputStreamOperator<KeyedJson> results =
                embedded.keyBy(bankKeys)
                        .transform(
                                "mine-negatives",
                                TypeInformation.of(KeyedJson.class),
                                new MiningOperator(
                                        new MiningFunction(
                                                miningParams(config),
                                                config.get(HardnegOptions.BANK_CAPACITY),
                                                dim,
                                                config.get(HardnegOptions.BANK_MODEL_POLICY)
                                                        .equals("evict"),
                                                ResultFormat.from(config))))
                        .uid("mine-negatives");
        DataStream<DeadLetter> deadLetters =
                bars.getSideOutput(DeadLetters.TAG).union(windows.getSideOutput(DeadLetters.TAG));
        DataStream<KeyedJson> stats =
                StatsAggregator.attach(results, config.get(HardnegOptions.STATS_INTERVAL_MS));
        return new Outputs(results, deadLetters, stats);
    }

    /**
     * Checks what the graph needs from outside before anything starts: Flink can read the {@code
     * flink.*} values, the encoder model fits the windows on the configured device, and the sectors
     * file (for bank.key=sector) reads.
     */
    public static void preflight(HardnegConfig config) throws IOException {
        FlinkSettings.check(config.flinkSettings());
        checkEncoder(EncoderSpec.from(config));
        if (config.get(HardnegOptions.BANK_KEY).equals("sector")) {
            SectorMap.load(config.get(HardnegOptions.BANK_SECTORS_FILE));
        }
    }

    /** The window builder the configuration describes. */
    public static WindowBuilder windowBuilder(HardnegConfig config) {
        List<Feature> features =
                config.get(HardnegOptions.FEATURES).stream().map(Feature::byConfigName).toList();
        return new WindowBuilder(
                features,
                config.get(HardnegOptions.WINDOW_LENGTH),
                config.get(HardnegOptions.WINDOW_STRIDE),
                config.get(HardnegOptions.WINDOW_MAX_GAP_MS));
    }

    /** The embedding stage: windows in, embedded windows out, models switched on announcement. */
    public static SingleOutputStreamOperator<EmbeddedWindow> embed(
            DataStream<MarketWindow> windows,
            DataStream<ModelAnnouncement> announcements,
            HardnegConfig config) {
        return windows.connect(announcements.broadcast())
                .transform(
                        "embed-windows",
                        TypeInformation.of(EmbeddedWindow.class),
                        new EmbeddingOperator(
                                EncoderSpec.from(config),
                                config.get(HardnegOptions.ENCODER_BATCH_MAX_SIZE),
                                config.get(HardnegOptions.ENCODER_BATCH_MAX_WAIT_MS),
                                augmenter(config)))
                .uid("embed-windows");
    }

    /** The augmenter of positive.strategy=augmented, or null for temporal positives. */
    static Augmenter augmenter(HardnegConfig config) {
        if (!config.get(HardnegOptions.POSITIVE_STRATEGY).equals("augmented")) {
            return null;
        }
        return new Augmenter(
                config.get(HardnegOptions.POSITIVE_AUGMENT_SCALE),
                config.get(HardnegOptions.POSITIVE_AUGMENT_JITTER),
                config.get(HardnegOptions.POSITIVE_AUGMENT_SEED));
    }

    /** An input that ends at once without an element: no hot swaps in this run. */
    private static DataStream<ModelAnnouncement> noModels(DataStream<BarEnvelope> envelopes) {
        return noModels(envelopes.getExecutionEnvironment());
    }

    /** An input that ends at once without an element: no hot swaps in this run. */
    public static DataStream<ModelAnnouncement> noModels(StreamExecutionEnvironment env) {
        return env.fromSequence(0, 0)
                .filter(i -> false)
                .map(i -> new ModelAnnouncement())
                .returns(TypeInformation.of(ModelAnnouncement.class))
                .name("no-model-announcements");
    }

    public static MiningParams miningParams(HardnegConfig config) {
        return MiningParams.builder()
                .topK(config.get(HardnegOptions.MINING_TOP_K))
                .semiHardCount(config.get(HardnegOptions.MINING_SEMI_HARD_COUNT))
                .semiHardMargin(config.get(HardnegOptions.MINING_SEMI_HARD_MARGIN))
                .temperature(config.get(HardnegOptions.MINING_TEMPERATURE))
                .exclusionRadius(config.get(HardnegOptions.MINING_EXCLUSION_RADIUS))
                .positiveLag(config.get(HardnegOptions.POSITIVE_LAG))
                .maxSimilarity(config.get(HardnegOptions.MINING_MAX_SIMILARITY))
                .rankSkip(config.get(HardnegOptions.MINING_RANK_SKIP))
                .symbolGroups(config.get(HardnegOptions.MINING_SYMBOL_GROUPS))
                .randomCount(config.get(HardnegOptions.MINING_RANDOM_COUNT))
                .randomSeed(config.get(HardnegOptions.MINING_RANDOM_SEED))
                .curriculumAnchors(config.get(HardnegOptions.MINING_CURRICULUM_ANCHORS))
                .importanceBeta(config.get(HardnegOptions.MINING_IMPORTANCE_BETA))
                .syntheticCount(config.get(HardnegOptions.MINING_SYNTHETIC_COUNT))
                .build();
    }

    /**
     * Opens the encoder once on the client, so a model that does not fit the windows fails at
     * submission with both shapes instead of in every task; returns its embedding size.
     */
    private static int checkEncoder(EncoderSpec spec) throws IOException {
        try (OnnxWindowEncoder encoder = spec.open()) {
            return encoder.dimension();
        } catch (EncoderException | IOException | RuntimeException e) {
            throw new IOException(
                    "encoder.model="
                            + (spec.modelPath().isEmpty() ? "(built-in)" : spec.modelPath())
                            + ", encoder.device="
                            + spec.device()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
