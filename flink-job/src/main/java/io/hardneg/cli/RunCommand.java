package io.hardneg.cli;

import io.hardneg.config.HardnegConfig;
import io.hardneg.job.HardnegJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the streaming job against an existing Kafka and Flink. Submit the same jar"
                    + " with: flink run hardneg-job.jar run --config FILE",
        })
final class RunCommand implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        HardnegConfig cfg = config.load();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        HardnegJob.flinkConfiguration(cfg));
        HardnegJob.buildKafka(env, cfg, false);
        env.execute("hardneg");
        return 0;
    }
}
