package io.hardneg.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardneg.bars.Bar;
import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputBenchTest {
    private static final long DAY = 86_400_000L;

    private static final List<Bar> BARS =
            List.of(
                    new Bar("AAA", 10 * DAY, 1, 2, 1, 2, 100),
                    new Bar("BBB", 10 * DAY, 5, 5, 4, 4, 200),
                    new Bar("AAA", 11 * DAY, 2, 3, 2, 3, 300),
                    new Bar("AAA", 13 * DAY, 3, 3, 2, 2, 400));

    @Test
    void onePassIsTheBarsThemselves() {
        assertThat(ThroughputBench.repeat(BARS, 1)).isSameAs(BARS);
        assertThat(ThroughputBench.passEnds(BARS, 1)).containsExactly(13 * DAY);
    }

    @Test
    void earlierPassesMoveBackBySpanPlusOneDay() {
        List<Bar> three = ThroughputBench.repeat(BARS, 3);
        // Span 3 days + 1: passes start at days 2, 6 and 10.
        assertThat(three)
                .extracting(b -> b.symbol + "@" + b.time / DAY)
                .containsExactly(
                        "AAA@2", "BBB@2", "AAA@3", "AAA@5", "AAA@6", "BBB@6", "AAA@7", "AAA@9",
                        "AAA@10", "BBB@10", "AAA@11", "AAA@13");
        assertThat(three.get(7).close).isEqualTo(2);
        assertThat(three.get(5).volume).isEqualTo(200);
        assertThat(ThroughputBench.passEnds(BARS, 3)).containsExactly(5 * DAY, 9 * DAY, 13 * DAY);
    }

    @Test
    void passOfFindsThePassOfATime() {
        long[] ends = ThroughputBench.passEnds(BARS, 3);
        assertThat(ThroughputBench.passOf(2 * DAY, ends)).isZero();
        assertThat(ThroughputBench.passOf(5 * DAY, ends)).isZero();
        assertThat(ThroughputBench.passOf(6 * DAY, ends)).isEqualTo(1);
        assertThat(ThroughputBench.passOf(13 * DAY, ends)).isEqualTo(2);
        assertThatThrownBy(() -> ThroughputBench.passOf(14 * DAY, ends))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the last pass");
    }

    @Test
    void expectedWindowsCountTheSeriesAcrossPasses() {
        HardnegConfig config =
                HardnegConfig.of(
                        Map.of(
                                HardnegOptions.WINDOW_LENGTH.key(), "4",
                                HardnegOptions.WINDOW_STRIDE.key(), "2"));
        // One pass: AAA has 3 bars, too few. Three: AAA 9 bars -> windows ending at bars 4, 6, 8;
        // BBB 3 bars -> none.
        assertThat(ThroughputBench.expectedWindows(BARS, config)).isZero();
        assertThat(ThroughputBench.expectedWindows(ThroughputBench.repeat(BARS, 3), config))
                .isEqualTo(3);
    }

    @Test
    void expectedWindowsRestartASeriesAfterAGapLongerThanMaxGap() {
        HardnegConfig config =
                HardnegConfig.of(
                        Map.of(
                                HardnegOptions.WINDOW_LENGTH.key(), "4",
                                HardnegOptions.WINDOW_STRIDE.key(), "1",
                                HardnegOptions.WINDOW_MAX_GAP_MS.key(), Long.toString(DAY)));
        // Three passes: AAA at days 2, 3, 5 | 6, 7, 9 | 10, 11, 13. Gaps of two days split it into
        // runs of 2, 3, 3 and 1 bars: none reaches 4. BBB: one bar per pass, four days apart.
        assertThat(ThroughputBench.expectedWindows(ThroughputBench.repeat(BARS, 3), config))
                .isZero();
        HardnegConfig wider = config.with(HardnegOptions.WINDOW_MAX_GAP_MS, Long.toString(2 * DAY));
        // Gaps of at most two days: AAA is one run of 9 bars -> 6 windows; BBB's gaps of four
        // days leave three runs of one bar.
        assertThat(ThroughputBench.expectedWindows(ThroughputBench.repeat(BARS, 3), wider))
                .isEqualTo(6);
    }

    @Test
    void cpuSplitSubtractsTheBenchmarksOwnThreadsFromTheJob() {
        // 60 s of this JVM over 40 s: 6 s consumer, 4 s publisher; broker 20 s; 1,000,000 bars.
        ThroughputBench.CpuSplit cpu =
                new ThroughputBench.CpuSplit(
                        60_000_000_000L,
                        6_000_000_000L,
                        4_000_000_000L,
                        20_000_000_000L,
                        40_000_000_000L);
        assertThat(cpu.describe(1_000_000, 2))
                .isEqualTo(
                        "CPU from the job's start to its last result: 80.0 s (2.00 cores busy of"
                                + " 2); the job 50.0 s, the broker 20.0 s, the benchmark's consumer"
                                + " 6.0 s and publisher 4.0 s\n"
                                + "CPU per bar: the job 50.0 us, the broker 20.0 us\n");
    }

    @Test
    void cpuSplitSaysWhenTheBrokersCpuIsNotReported() {
        ThroughputBench.CpuSplit cpu =
                new ThroughputBench.CpuSplit(
                        30_000_000_000L, 3_000_000_000L, 0, -1, 20_000_000_000L);
        assertThat(cpu.describe(900_000, 2))
                .isEqualTo(
                        "CPU from the job's start to its last result: 30.0 s (1.50 cores busy of"
                                + " 2); the job 27.0 s, the broker not reported by this OS, the"
                                + " benchmark's consumer 3.0 s\n"
                                + "CPU per bar: the job 30.0 us\n");
    }
}
