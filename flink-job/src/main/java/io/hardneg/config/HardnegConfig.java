package io.hardneg.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable set of configuration values: a properties file plus {@code key=value} overrides,
 * over the defaults of {@link HardnegOptions}. Unknown keys are rejected, except {@code kafka.*}
 * keys, which pass through to the Kafka clients, and {@code flink.*} keys, which pass through to
 * the Flink configuration of the job.
 */
public final class HardnegConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Prefix of client properties handed to every Kafka client as they are. */
    public static final String KAFKA_PREFIX = "kafka.";

    /** Prefix of Flink settings handed to the job's Flink configuration as they are. */
    public static final String FLINK_PREFIX = "flink.";

    private final Map<String, String> values;

    private HardnegConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The defaults only. */
    public static HardnegConfig defaults() {
        return of(Map.of());
    }

    /** Values given as text, validated. */
    public static HardnegConfig of(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (HardnegOptions.byKey(key) == null
                    && !key.startsWith(KAFKA_PREFIX)
                    && !key.startsWith(FLINK_PREFIX)) {
                throw new ConfigException(
                        "unknown configuration key '"
                                + key
                                + "'"
                                + suggestion(key)
                                + ". Known keys are listed in README.md (Configuration).");
            }
        }
        for (String key : values.keySet()) {
            if (key.startsWith(FLINK_PREFIX) && HardnegOptions.byKey(key) == null) {
                checkFlinkKey(key);
            }
        }
        HardnegConfig config = new HardnegConfig(values);
        config.validate();
        return config;
    }

    /** Flink settings the job derives from its own keys: set those instead. */
    private static final Map<String, String> OWN_FLINK_KEYS =
            Map.of(
                    "execution.checkpointing.interval", "checkpoint.interval.ms",
                    "execution.checkpointing.dir", "checkpoint.dir",
                    "state.checkpoints.dir", "checkpoint.dir",
                    "parallelism.default", "parallelism");

    private static void checkFlinkKey(String key) {
        String flinkKey = key.substring(FLINK_PREFIX.length());
        if (flinkKey.isEmpty() || flinkKey.startsWith(".")) {
            throw new ConfigException(
                    "configuration key '"
                            + key
                            + "' names no Flink setting: write the Flink key after the prefix,"
                            + " e.g. flink.state.backend.rocksdb.writebuffer.size=128mb");
        }
        String own = OWN_FLINK_KEYS.get(flinkKey);
        if (own != null) {
            throw new ConfigException(
                    "configuration key '"
                            + key
                            + "' would bypass hardneg's own key for it: set "
                            + own
                            + " instead"
                            + (own.equals("checkpoint.dir")
                                    ? " (read by run; demo, backfill and bench keep their"
                                            + " checkpoints in a temporary directory)"
                                    : ""));
        }
    }

    /**
     * Reads a properties file (may be null) and applies overrides of the form {@code key=value}.
     */
    public static HardnegConfig load(Path file, List<String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(
                        "config file " + file + " does not exist; pass an existing file");
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            for (String name : properties.stringPropertyNames()) {
                values.put(name.trim(), properties.getProperty(name).trim());
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(
                        "override '"
                                + override
                                + "' is not of the form key=value, e.g. --set"
                                + " mining.top-k=20");
            }
            values.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return of(values);
    }

    /** A copy with more values set. */
    public HardnegConfig with(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(more);
        return of(merged);
    }

    /**
     * A copy where {@code fallback} supplies the keys that were not set explicitly: a command's own
     * defaults that the user's file and {@code --set} still override.
     */
    public HardnegConfig withDefaults(Map<String, String> fallback) {
        Map<String, String> merged = new LinkedHashMap<>(fallback);
        merged.putAll(values);
        return of(merged);
    }

    /** A copy with one more value set. */
    public HardnegConfig with(ConfigOption<?> option, String value) {
        return with(Map.of(option.key(), value));
    }

    /** The parsed and checked value of an option. */
    public <T> T get(ConfigOption<T> option) {
        T value = option.parse(rawValue(option));
        option.validate(value, this);
        return value;
    }

    /** The text of an option's value, after resolving a {@code ${other.key}} default. */
    public String rawValue(ConfigOption<?> option) {
        String text = values.get(option.key());
        if (text == null) {
            text = option.defaultText();
        }
        if (text.startsWith("${") && text.endsWith("}")) {
            ConfigOption<?> other = HardnegOptions.byKey(text.substring(2, text.length() - 1));
            return rawValue(other);
        }
        return text;
    }

    /** The {@code kafka.*} pass-through properties, with the prefix removed. */
    public Map<String, String> kafkaClientProperties() {
        Map<String, String> client = passThrough(KAFKA_PREFIX);
        client.put("bootstrap.servers", get(HardnegOptions.KAFKA_BOOTSTRAP_SERVERS));
        return client;
    }

    /**
     * The {@code flink.*} pass-through settings, with the prefix removed: {@code
     * flink.state.backend.rocksdb.writebuffer.size=128mb} is Flink's {@code
     * state.backend.rocksdb.writebuffer.size}.
     */
    public Map<String, String> flinkSettings() {
        return passThrough(FLINK_PREFIX);
    }

    /** The values of keys with {@code prefix} that are not hardneg keys, the prefix removed. */
    private Map<String, String> passThrough(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix) && HardnegOptions.byKey(key) == null) {
                        out.put(key.substring(prefix.length()), value);
                    }
                });
        return out;
    }

    /** The explicitly set values (not the defaults). */
    public Map<String, String> explicitValues() {
        return values;
    }

    private void validate() {
        for (ConfigOption<?> option : HardnegOptions.all()) {
            get(option);
        }
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigOption<?> option : HardnegOptions.all()) {
            int d = distance(key, option.key());
            if (d < bestDistance) {
                bestDistance = d;
                best = option.key();
            }
        }
        return best != null && bestDistance <= 4 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        // Never print kafka.* or flink.* values: they may hold credentials.
        Map<String, String> shown = new TreeMap<>();
        values.forEach(
                (k, v) ->
                        shown.put(
                                k,
                                k.startsWith(KAFKA_PREFIX) || k.startsWith(FLINK_PREFIX)
                                        ? "<hidden>"
                                        : v));
        return "HardnegConfig" + shown;
    }
}
