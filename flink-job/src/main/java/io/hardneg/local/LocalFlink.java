package io.hardneg.local;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.job.HardnegJob;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A Flink MiniCluster for local runs: RocksDB, checkpoints in a local directory, loopback. */
public final class LocalFlink {
    private LocalFlink() {}

    public static StreamExecutionEnvironment environment(
            HardnegConfig config, int parallelism, Path checkpointDir) {
        return environment(config, parallelism, checkpointDir, 0);
    }

    /**
     * As {@link #environment(HardnegConfig, int, Path)}, with the REST endpoint on {@code restPort}
     * of 127.0.0.1 (0: any free port) so that a caller can read checkpoint statistics.
     */
    public static StreamExecutionEnvironment environment(
            HardnegConfig config, int parallelism, Path checkpointDir, int restPort) {
        HardnegConfig local =
                config.with(HardnegOptions.CHECKPOINT_DIR, checkpointDir.toUri().toString());
        Configuration flink = HardnegJob.flinkConfiguration(local);
        for (String key :
                new String[] {
                    "rest.address",
                    "rest.bind-address",
                    "jobmanager.rpc.address",
                    "jobmanager.bind-host",
                    "taskmanager.host",
                    "taskmanager.bind-host"
                }) {
            flink.setString(key, "127.0.0.1");
        }
        flink.setString("rest.port", Integer.toString(restPort));
        flink.setString("restart-strategy.type", "fixed-delay");
        flink.setString("restart-strategy.fixed-delay.attempts", "3");
        flink.setString("restart-strategy.fixed-delay.delay", "1 s");
        flink.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        flink.setString("parallelism.default", Integer.toString(parallelism));
        // An operator's flink.* settings win here too (parallelism.default is refused in favour
        // of the parallelism key, which callers pass in).
        local.flinkSettings().forEach(flink::setString);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    }
}
