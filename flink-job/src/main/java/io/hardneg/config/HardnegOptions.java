package io.hardneg.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every configuration key of hardneg. The README's configuration table lists exactly these keys
 * with these defaults (checked by a test). A default written as {@code ${other.key}} takes that
 * key's value.
 */
public final class HardnegOptions {
    private static final Map<String, ConfigOption<?>> ALL = new LinkedHashMap<>();

    public static final ConfigOption<Integer> WINDOW_LENGTH =
            register(
                    ConfigOption.of(
                            "window.length",
                            "64",
                            "Bars per window (the encoder's time axis).",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 4, 4096)));

    public static final ConfigOption<Integer> WINDOW_STRIDE =
            register(
                    ConfigOption.of(
                            "window.stride",
                            "8",
                            "Bars between the ends of two consecutive windows of a symbol.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 1, c.get(WINDOW_LENGTH))));

    public static final ConfigOption<Long> WINDOW_MAX_GAP_MS =
            register(
                    ConfigOption.of(
                            "window.max-gap.ms",
                            "0",
                            "A symbol's series restarts after a gap between bars longer than"
                                    + " this, so no window spans a halt; 0 = never.",
                            HardnegOptions::parseLong,
                            (v, c) -> v >= 0 ? null : "expected milliseconds >= 0"));

    public static final ConfigOption<List<String>> FEATURES =
            register(
                    ConfigOption.of(
                            "features",
                            "log-return,range,body,log-volume",
                            "Channels of a window, in order; each is z-scored within the window.",
                            HardnegOptions::parseFeatures,
                            null));

    public static final ConfigOption<String> BANK_KEY =
            register(
                    ConfigOption.of(
                            "bank.key",
                            "global",
                            "Which windows share a memory bank: global, sector or symbol.",
                            t -> parseChoice(t, "global", "sector", "symbol"),
                            null));

    public static final ConfigOption<String> BANK_SECTORS_FILE =
            register(
                    ConfigOption.of(
                            "bank.sectors-file",
                            "",
                            "CSV with Symbol and Sector columns for bank.key=sector;"
                                    + " empty = the bundled S&P 500 map.",
                            t -> t,
                            null));

    public static final ConfigOption<String> BANK_DEFAULT_SECTOR =
            register(
                    ConfigOption.of(
                            "bank.default-sector",
                            "Unknown",
                            "Bank of symbols missing from the sectors file.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<Integer> BANK_CAPACITY =
            register(
                    ConfigOption.of(
                            "bank.capacity",
                            "16384",
                            "Entries kept per bank key (a ring: the oldest is overwritten).",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 1, 1 << 22)));

    public static final ConfigOption<String> BANK_MODEL_POLICY =
            register(
                    ConfigOption.of(
                            "bank.model-policy",
                            "evict",
                            "When a window of a new model version reaches a bank: evict the"
                                    + " entries of other versions (their similarities to the new"
                                    + " embeddings mean nothing), or keep them.",
                            t -> parseChoice(t, "evict", "keep"),
                            null));

    public static final ConfigOption<Integer> MINING_TOP_K =
            register(
                    ConfigOption.of(
                            "mining.top-k",
                            "10",
                            "Hard negatives per anchor: the most similar eligible bank entries.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 4096)));

    public static final ConfigOption<Integer> MINING_SEMI_HARD_COUNT =
            register(
                    ConfigOption.of(
                            "mining.semi-hard.count",
                            "5",
                            "Semi-hard negatives per anchor, beyond the hard ones.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 4096)));

    public static final ConfigOption<Float> MINING_SEMI_HARD_MARGIN =
            register(
                    ConfigOption.of(
                            "mining.semi-hard.margin",
                            "0.1",
                            "Semi-hard band: s(a,p) - margin < s(a,n) < s(a,p).",
                            HardnegOptions::parseFloat,
                            (v, c) -> v > 0f && v <= 2f ? null : "expected a number in (0, 2]"));

    public static final ConfigOption<Float> MINING_TEMPERATURE =
            register(
                    ConfigOption.of(
                            "mining.temperature",
                            "0.1",
                            "InfoNCE temperature tau.",
                            HardnegOptions::parseFloat,
                            (v, c) ->
                                    v > 0f && v <= 100f ? null : "expected a number in (0, 100]"));

    public static final ConfigOption<Integer> MINING_EXCLUSION_RADIUS =
            register(
                    ConfigOption.of(
                            "mining.exclusion-radius",
                            "${window.length}",
                            "Same-symbol windows whose last bars are fewer than this many bars"
                                    + " apart are never negatives (with the default: windows"
                                    + " sharing a bar).",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 1 << 20)));

    public static final ConfigOption<Float> MINING_MAX_SIMILARITY =
            register(
                    ConfigOption.of(
                            "mining.max-similarity",
                            "1.0",
                            "Candidates more similar than this are treated as false negatives.",
                            HardnegOptions::parseFloat,
                            (v, c) -> v > -1f && v <= 1f ? null : "expected a number in (-1, 1]"));

    public static final ConfigOption<Integer> MINING_RANK_SKIP =
            register(
                    ConfigOption.of(
                            "mining.rank-skip",
                            "0",
                            "Skip this many of the most similar eligible candidates before the"
                                    + " hard ones (near-duplicates the guards did not catch).",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 1 << 20)));

    public static final ConfigOption<List<java.util.Set<String>>> MINING_SYMBOL_GROUPS =
            register(
                    ConfigOption.of(
                            "mining.symbol-groups",
                            "",
                            "Symbols that are never negatives of each other (the same asset"
                                    + " quoted twice): groups separated by ';', members by '|',"
                                    + " e.g. GOOG|GOOGL;DISCA|DISCK.",
                            HardnegOptions::parseSymbolGroups,
                            null));

    public static final ConfigOption<Integer> MINING_RANDOM_COUNT =
            register(
                    ConfigOption.of(
                            "mining.random.count",
                            "0",
                            "Random negatives per anchor, drawn from the remaining eligible"
                                    + " entries with a generator seeded by the anchor id.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 4096)));

    public static final ConfigOption<Long> MINING_RANDOM_SEED =
            register(
                    ConfigOption.of(
                            "mining.random.seed",
                            "0",
                            "Seed mixed with each anchor id for random and synthetic negatives.",
                            HardnegOptions::parseLong,
                            null));

    public static final ConfigOption<Long> MINING_CURRICULUM_ANCHORS =
            register(
                    ConfigOption.of(
                            "mining.curriculum.anchors",
                            "0",
                            "Over this many anchors of a bank, move the mix from random to hard"
                                    + " negatives; 0 = off.",
                            HardnegOptions::parseLong,
                            (v, c) ->
                                    v >= 0 && v <= (1L << 32)
                                            ? null
                                            : "expected an integer in [0, 4294967296]"));

    public static final ConfigOption<Float> MINING_IMPORTANCE_BETA =
            register(
                    ConfigOption.of(
                            "mining.importance.beta",
                            "0",
                            "Importance weights exp(beta * s) normalised over the negatives, and"
                                    + " a weighted loss; 0 = off.",
                            HardnegOptions::parseFloat,
                            (v, c) -> v >= 0 && v <= 100 ? null : "expected a number in [0, 100]"));

    public static final ConfigOption<Integer> MINING_SYNTHETIC_COUNT =
            register(
                    ConfigOption.of(
                            "mining.synthetic.count",
                            "0",
                            "Synthetic negatives: mixes of two hard negatives or of the anchor"
                                    + " (share < 1/2) with a hard negative, renormalised.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 4096)));

    public static final ConfigOption<Integer> POSITIVE_LAG =
            register(
                    ConfigOption.of(
                            "positive.lag",
                            "${window.stride}",
                            "The positive is the same symbol's window that ended this many bars"
                                    + " earlier; a multiple of window.stride.",
                            HardnegOptions::parseInt,
                            (v, c) -> {
                                int stride = c.get(WINDOW_STRIDE);
                                return v >= 1 && v % stride == 0
                                        ? null
                                        : "expected a positive multiple of window.stride ("
                                                + stride
                                                + ")";
                            }));

    public static final ConfigOption<String> POSITIVE_STRATEGY =
            register(
                    ConfigOption.of(
                            "positive.strategy",
                            "temporal",
                            "temporal: the same symbol's window positive.lag bars earlier;"
                                    + " augmented: the anchor's own window scaled and jittered"
                                    + " (seeded by the window id), embedded alongside it.",
                            t -> parseChoice(t, "temporal", "augmented"),
                            null));

    public static final ConfigOption<Float> POSITIVE_AUGMENT_SCALE =
            register(
                    ConfigOption.of(
                            "positive.augment.scale",
                            "0.1",
                            "Augmented positive: all values scaled by a factor in [1 - s, 1 + s].",
                            HardnegOptions::parseFloat,
                            (v, c) -> v >= 0 && v < 1 ? null : "expected a number in [0, 1)"));

    public static final ConfigOption<Float> POSITIVE_AUGMENT_JITTER =
            register(
                    ConfigOption.of(
                            "positive.augment.jitter",
                            "0.05",
                            "Augmented positive: standard deviation of the Gaussian noise added to"
                                    + " each (z-scored) value.",
                            HardnegOptions::parseFloat,
                            (v, c) -> v >= 0 && v <= 10 ? null : "expected a number in [0, 10]"));

    public static final ConfigOption<Long> POSITIVE_AUGMENT_SEED =
            register(
                    ConfigOption.of(
                            "positive.augment.seed",
                            "0",
                            "Seed mixed with each window id for its augmented view.",
                            HardnegOptions::parseLong,
                            null));

    public static final ConfigOption<String> ENCODER_MODEL =
            register(
                    ConfigOption.of(
                            "encoder.model",
                            "",
                            "Path of an ONNX encoder; empty = the built-in 1-D CNN.",
                            t -> t,
                            null));

    public static final ConfigOption<String> ENCODER_DEVICE =
            register(
                    ConfigOption.of(
                            "encoder.device",
                            "auto",
                            "auto (CUDA when available, else CPU), cpu, cuda or cuda:N.",
                            HardnegOptions::parseDevice,
                            null));

    public static final ConfigOption<Integer> ENCODER_THREADS =
            register(
                    ConfigOption.of(
                            "encoder.threads",
                            "1",
                            "ONNX Runtime intra-op threads per session.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 1, 256)));

    public static final ConfigOption<Integer> ENCODER_BATCH_MAX_SIZE =
            register(
                    ConfigOption.of(
                            "encoder.batch.max-size",
                            "32",
                            "Windows per inference call at most.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 1, 65536)));

    public static final ConfigOption<Integer> ENCODER_BATCH_MAX_WAIT_MS =
            register(
                    ConfigOption.of(
                            "encoder.batch.max-wait.ms",
                            "50",
                            "Longest a window waits for its batch to fill.",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 60_000)));

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            register(
                    ConfigOption.of(
                            "kafka.bootstrap.servers",
                            "127.0.0.1:9092",
                            "Kafka brokers of the bar, result and dead-letter topics.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            register(
                    ConfigOption.of(
                            "kafka.group.id",
                            "hardneg",
                            "Consumer group of the bar source.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> TOPIC_BARS =
            register(
                    ConfigOption.of(
                            "topic.bars",
                            "hardneg.bars",
                            "Input topic of JSON bars, keyed by symbol.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> TOPIC_RESULTS =
            register(
                    ConfigOption.of(
                            "topic.results",
                            "hardneg.results",
                            "Output topic of mining results (JSON).",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            register(
                    ConfigOption.of(
                            "topic.dead-letters",
                            "hardneg.dead-letters",
                            "Topic of rejected bars, each with its reason and origin.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> TOPIC_STATS =
            register(
                    ConfigOption.of(
                            "topic.stats",
                            "hardneg.stats",
                            "Topic of statistics records, one per bank key and stats interval"
                                    + " (at least once).",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<String> TOPIC_MODELS =
            register(
                    ConfigOption.of(
                            "topic.models",
                            "",
                            "Compacted topic announcing models for hot swaps ({\"version\","
                                    + " \"location\", \"sha256\"}); empty = no hot swaps.",
                            t -> t,
                            null));

    public static final ConfigOption<Long> SOURCE_OUT_OF_ORDERNESS_MS =
            register(
                    ConfigOption.of(
                            "source.out-of-orderness.ms",
                            "1000",
                            "How far behind the newest bar a bar may arrive and still be used.",
                            HardnegOptions::parseLong,
                            (v, c) ->
                                    v >= 0 && v <= 7L * 24 * 3600 * 1000
                                            ? null
                                            : "expected milliseconds in [0, 604800000]"));

    public static final ConfigOption<Long> SOURCE_MAX_FUTURE_MS =
            register(
                    ConfigOption.of(
                            "source.max-future.ms",
                            "86400000",
                            "A bar timed further than this ahead of the wall clock is rejected"
                                    + " (future-time).",
                            HardnegOptions::parseLong,
                            (v, c) -> v >= 0 ? null : "expected milliseconds >= 0"));

    public static final ConfigOption<Long> SOURCE_IDLE_TIMEOUT_MS =
            register(
                    ConfigOption.of(
                            "source.idle-timeout.ms",
                            "30000",
                            "A partition silent this long stops holding the watermark back;"
                                    + " 0 = never.",
                            HardnegOptions::parseLong,
                            (v, c) -> v >= 0 ? null : "expected milliseconds >= 0"));

    public static final ConfigOption<String> SINK_DELIVERY =
            register(
                    ConfigOption.of(
                            "sink.delivery",
                            "exactly-once",
                            "Result delivery: exactly-once (transactions) or at-least-once.",
                            t -> parseChoice(t, "exactly-once", "at-least-once"),
                            null));

    public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX =
            register(
                    ConfigOption.of(
                            "sink.transactional-id-prefix",
                            "hardneg",
                            "Prefix of the result producer's transactional ids; unique per job.",
                            HardnegOptions::parseNonEmpty,
                            null));

    public static final ConfigOption<Long> STATS_INTERVAL_MS =
            register(
                    ConfigOption.of(
                            "stats.interval.ms",
                            "86400000",
                            "Event-time interval of a statistics record, aligned to the epoch;"
                                    + " emitted when the watermark passes its end, so a"
                                    + " backfill gives the same records.",
                            HardnegOptions::parseLong,
                            (v, c) ->
                                    v >= 1 && v <= 366L * 24 * 3600 * 1000
                                            ? null
                                            : "expected milliseconds in [1, 31622400000]"));

    public static final ConfigOption<String> RESULT_VECTOR_ENCODING =
            register(
                    ConfigOption.of(
                            "result.vector-encoding",
                            "base64-f32le",
                            "How results write vectors: base64-f32le (float32 little-endian,"
                                    + " base64) or array (JSON numbers).",
                            t -> parseChoice(t, "base64-f32le", "array"),
                            null));

    public static final ConfigOption<Boolean> RESULT_INCLUDE_EMBEDDINGS =
            register(
                    ConfigOption.of(
                            "result.include-embeddings",
                            "true",
                            "Write the embeddings of anchor, positive and negatives.",
                            HardnegOptions::parseBoolean,
                            null));

    public static final ConfigOption<Boolean> RESULT_INCLUDE_WINDOWS =
            register(
                    ConfigOption.of(
                            "result.include-windows",
                            "true",
                            "Write the encoder inputs (channels x length, z-scored) of anchor,"
                                    + " positive and negatives, so a trainer needs only the topic.",
                            HardnegOptions::parseBoolean,
                            null));

    public static final ConfigOption<Long> CHECKPOINT_INTERVAL_MS =
            register(
                    ConfigOption.of(
                            "checkpoint.interval.ms",
                            "10000",
                            "Checkpoint interval; results are committed at each checkpoint.",
                            HardnegOptions::parseLong,
                            (v, c) -> v >= 100 ? null : "expected milliseconds >= 100"));

    public static final ConfigOption<String> CHECKPOINT_DIR =
            register(
                    ConfigOption.of(
                            "checkpoint.dir",
                            "",
                            "Checkpoint storage URI; empty = the cluster's own setting (a temp"
                                    + " dir for local runs).",
                            t -> t,
                            null));

    public static final ConfigOption<Integer> PARALLELISM =
            register(
                    ConfigOption.of(
                            "parallelism",
                            "0",
                            "Job parallelism; 0 = the environment's default (2 for demo, backfill"
                                    + " and bench).",
                            HardnegOptions::parseInt,
                            (v, c) -> inRange(v, 0, 4096)));

    private HardnegOptions() {}

    /** All keys, in declaration order. */
    public static List<ConfigOption<?>> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    static ConfigOption<?> byKey(String key) {
        return ALL.get(key);
    }

    private static <T> ConfigOption<T> register(ConfigOption<T> option) {
        ALL.put(option.key(), option);
        return option;
    }

    /** The channels a window can hold, by config name. */
    public static final List<String> KNOWN_FEATURES =
            List.of("log-return", "range", "body", "log-volume", "upper-wick", "lower-wick");

    static String inRange(long value, long min, long max) {
        return value >= min && value <= max
                ? null
                : String.format(Locale.ROOT, "expected an integer in [%d, %d]", min, max);
    }

    static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    static float parseFloat(String text) {
        try {
            float value = Float.parseFloat(text);
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("expected a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number such as 0.1");
        }
    }

    static boolean parseBoolean(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("expected true or false");
    }

    static String parseNonEmpty(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty value");
        }
        return text;
    }

    static String parseChoice(String text, String... allowed) {
        for (String choice : allowed) {
            if (choice.equals(text)) {
                return text;
            }
        }
        throw new IllegalArgumentException("expected one of " + String.join("|", allowed));
    }

    static String parseDevice(String text) {
        if (text.equals("auto") || text.equals("cpu") || text.matches("cuda(:\\d+)?")) {
            return text;
        }
        throw new IllegalArgumentException("expected auto, cpu, cuda or cuda:N (N a GPU index)");
    }

    static List<java.util.Set<String>> parseSymbolGroups(String text) {
        List<java.util.Set<String>> groups = new ArrayList<>();
        if (text.isBlank()) {
            return groups;
        }
        for (String group : text.split(";")) {
            java.util.Set<String> members = new java.util.TreeSet<>();
            for (String member : group.split("\\|")) {
                if (!member.isBlank()) {
                    members.add(member.trim());
                }
            }
            if (members.size() < 2) {
                throw new IllegalArgumentException(
                        "group '" + group + "' needs two or more symbols, e.g. GOOG|GOOGL");
            }
            groups.add(java.util.Collections.unmodifiableSet(members));
        }
        return List.copyOf(groups);
    }

    static List<String> parseFeatures(String text) {
        List<String> features = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (!KNOWN_FEATURES.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown feature '"
                                + name
                                + "'; expected a comma-separated list of "
                                + String.join(", ", KNOWN_FEATURES));
            }
            if (features.contains(name)) {
                throw new IllegalArgumentException("feature '" + name + "' is listed twice");
            }
            features.add(name);
        }
        return List.copyOf(features);
    }
}
