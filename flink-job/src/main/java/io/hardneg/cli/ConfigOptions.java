package io.hardneg.cli;

import io.hardneg.config.HardnegConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --set} options every job command takes. */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file of configuration keys (see README, Configuration).")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set mining.top-k=20 (repeatable).")
    List<String> overrides = new ArrayList<>();

    HardnegConfig load() throws IOException {
        return HardnegConfig.load(file, overrides);
    }
}
