package io.hardneg.cli;

import io.hardneg.config.HardnegOptions;
import java.util.Map;

/** Settings the local commands use unless told otherwise. */
final class DemoDefaults {
    private DemoDefaults() {}

    /** Frequent checkpoints: results of a bounded local run are committed at each one. */
    static Map<String, String> values() {
        return Map.of(HardnegOptions.CHECKPOINT_INTERVAL_MS.key(), "2000");
    }
}
