package io.hardneg.job;

import io.hardneg.config.ConfigException;
import io.hardneg.config.HardnegConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code flink.*} settings against Flink's own option definitions, so that a value Flink
 * cannot read fails before a broker or cluster starts instead of at job submission. A key Flink
 * defines in none of the option classes below is passed on as it is, with one warning (its name
 * only: values may be credentials).
 */
final class FlinkSettings {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSettings.class);

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    StateChangelogOptions.class,
                    RocksDBConfigurableOptions.class,
                    RocksDBOptions.class,
                    CoreOptions.class,
                    PipelineOptions.class,
                    ExecutionOptions.class,
                    RestartStrategyOptions.class,
                    TaskManagerOptions.class,
                    JobManagerOptions.class,
                    NettyShuffleEnvironmentOptions.class,
                    HighAvailabilityOptions.class,
                    RestOptions.class,
                    MetricOptions.class);

    private static final Map<String, ConfigOption<?>> OPTIONS = options();

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private FlinkSettings() {}

    /**
     * Reads every setting whose key (or one of its older names) a known Flink option has, with that
     * option's type.
     *
     * @throws ConfigException naming the {@code flink.*} key and what Flink expects, if Flink
     *     cannot read a value
     */
    static void check(Map<String, String> settings) {
        settings.forEach(
                (key, value) -> {
                    ConfigOption<?> option = OPTIONS.get(key);
                    if (option == null) {
                        if (WARNED.add(key)) {
                            LOG.warn(
                                    "{}{} is not a Flink option hardneg knows of; it is passed"
                                            + " to Flink as it is (check its spelling)",
                                    HardnegConfig.FLINK_PREFIX,
                                    key);
                        }
                        return;
                    }
                    Configuration one = new Configuration();
                    one.setString(key, value);
                    try {
                        one.get(option);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(
                                "configuration key '"
                                        + HardnegConfig.FLINK_PREFIX
                                        + key
                                        + "' has a value Flink cannot read as "
                                        + option.key()
                                        + " ("
                                        + deepest(e).getMessage()
                                        + "): fix the value or drop the key");
                    }
                });
    }

    private static Throwable deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static Map<String, ConfigOption<?>> options() {
        Map<String, ConfigOption<?>> byKey = new HashMap<>();
        for (Class<?> holder : OPTION_CLASSES) {
            for (Field f : holder.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())
                        || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    continue;
                }
                byKey.putIfAbsent(option.key(), option);
                for (FallbackKey fallback : option.fallbackKeys()) {
                    byKey.putIfAbsent(fallback.getKey(), option);
                }
            }
        }
        return byKey;
    }
}
