package io.hardneg.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardneg.bars.Bar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowBuilderTest {
    private static Bar bar(long t, double open, double high, double low, double close) {
        return new Bar("X", t, open, high, low, close, 100);
    }

    @Test
    void cutsAWindowEveryStrideBarsOnceTheFirstIsFull() {
        WindowBuilder b = new WindowBuilder(List.of(Feature.LOG_RETURN), 4, 2);
        SeriesState s = b.newSeries();
        List<MarketWindow> windows = new ArrayList<>();
        for (int t = 0; t < 9; t++) {
            MarketWindow w = b.append(s, bar(t, 10, 11, 9, 10 + t));
            if (w != null) {
                windows.add(w);
            }
        }
        assertThat(windows).extracting(w -> w.barIndex).containsExactly(3L, 5L, 7L);
        assertThat(windows).extracting(w -> w.endTime).containsExactly(3L, 5L, 7L);
        assertThat(windows).extracting(w -> w.startTime).containsExactly(0L, 2L, 4L);
        assertThat(windows.get(0).closes).containsExactly(10f, 11f, 12f, 13f);
    }

    @Test
    void channelsAreZScoredWithinTheWindow() {
        // Closes 100, 110, 121, 121: log-returns 0, ln 1.1, ln 1.1, 0 -> mean ln(1.1)/2 and
        // population std ln(1.1)/2, so the z-scores are exactly -1, 1, 1, -1.
        // Range (high-low)/close: 0.1, 0.2, 0.1, 0.2 (high-low = 10, 22, 12.1, 24.2) -> -1,1,-1,1.
        WindowBuilder b = new WindowBuilder(List.of(Feature.LOG_RETURN, Feature.RANGE), 4, 4);
        SeriesState s = b.newSeries();
        b.append(s, bar(1, 100, 105, 95, 100));
        b.append(s, bar(2, 100, 121, 99, 110));
        b.append(s, bar(3, 115, 127.05, 114.95, 121));
        MarketWindow w = b.append(s, bar(4, 121, 133.1, 108.9, 121));
        assertThat(w.channels).isEqualTo(2);
        float[] v = w.values;
        assertThat(v[0]).isCloseTo(-1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[2]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[3]).isCloseTo(-1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[4]).isCloseTo(-1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[5]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[6]).isCloseTo(-1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(v[7]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void aConstantChannelIsWrittenAsZeros() {
        WindowBuilder b = new WindowBuilder(List.of(Feature.LOG_VOLUME), 3, 1);
        SeriesState s = b.newSeries();
        b.append(s, bar(1, 10, 11, 9, 10));
        b.append(s, bar(2, 10, 11, 9, 10));
        MarketWindow w = b.append(s, bar(3, 10, 11, 9, 10));
        assertThat(w.values).containsExactly(0f, 0f, 0f);
    }

    @Test
    void aGapLongerThanTheMaximumStartsANewSegment() {
        // Bars at t = 0..4, then a gap of 100 ms, then t = 105..109; window of 3, stride 1,
        // maximum gap 10 ms: windows end at 2, 3, 4, then only once 3 bars follow the gap.
        WindowBuilder b = new WindowBuilder(List.of(Feature.LOG_RETURN), 3, 1, 10);
        SeriesState s = b.newSeries();
        List<MarketWindow> windows = new ArrayList<>();
        long[] times = {0, 1, 2, 3, 4, 105, 106, 107, 108, 109};
        for (long t : times) {
            MarketWindow w = b.append(s, bar(t, 10, 11, 9, 10 + t % 7));
            if (w != null) {
                windows.add(w);
            }
        }
        assertThat(windows)
                .extracting(w -> w.endTime)
                .containsExactly(2L, 3L, 4L, 107L, 108L, 109L);
        assertThat(windows)
                .extracting(w -> w.startTime)
                .containsExactly(0L, 1L, 2L, 105L, 106L, 107L);
        // Bar indices keep counting across the gap, so ids and positives stay unique.
        assertThat(windows).extracting(w -> w.barIndex).containsExactly(2L, 3L, 4L, 7L, 8L, 9L);
    }
}
