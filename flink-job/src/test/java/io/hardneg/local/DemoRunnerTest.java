package io.hardneg.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.config.HardnegConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRunnerTest {
    @Test
    void localRunsUseTheParallelismKeyWhenSetAndTwoOtherwise() {
        assertThat(DemoRunner.parallelism(HardnegConfig.defaults())).isEqualTo(2);
        assertThat(DemoRunner.parallelism(HardnegConfig.of(Map.of("parallelism", "3"))))
                .isEqualTo(3);
    }
}
