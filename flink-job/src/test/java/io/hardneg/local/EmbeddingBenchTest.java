package io.hardneg.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.config.HardnegConfig;
import io.hardneg.window.MarketWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingBenchTest {
    @Test
    void replaysTheWindowsTheJobWouldBuildFromTheSample() throws Exception {
        List<MarketWindow> windows = EmbeddingBench.buildWindows(null, HardnegConfig.defaults());
        // The same count the demo reports for the bundled sample.
        assertThat(windows).hasSize(4_049);
        assertThat(windows.get(0).values).hasSize(4 * 64);
        List<MarketWindow> longer =
                EmbeddingBench.buildWindows(null, HardnegConfig.of(Map.of("window.stride", "16")));
        assertThat(longer).hasSizeLessThan(windows.size());
    }
}
