package io.hardneg.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hardneg.bars.Bar;
import io.hardneg.bars.CsvBarReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real 1-minute bars of INDA skip minutes without trades, sometimes for hours. With {@code
 * window.max-gap.ms} set, no window spans a gap longer than that.
 */
class IntradayGapTest {
    private static final Path INDA =
            Path.of("..", "..", "shared", "data", "intraday", "INDA_1min.csv");
    private static final long MAX_GAP_MS = 30 * 60_000L;

    @Test
    void noWindowOfTheIntradayFileSpansAGapLongerThanTheMaximum() throws Exception {
        assumeTrue(Files.exists(INDA), "skipped: " + INDA + " is absent (shared data not present)");
        CsvBarReader reader = new CsvBarReader();
        try (InputStream in = Files.newInputStream(INDA)) {
            reader.read("INDA_1min.csv", in);
        }
        List<Bar> bars = reader.barsInTimeOrder();
        Map<Long, Integer> indexOfTime = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            indexOfTime.put(bars.get(i).time, i);
        }
        WindowBuilder builder =
                new WindowBuilder(
                        List.of(
                                Feature.LOG_RETURN,
                                Feature.RANGE,
                                Feature.BODY,
                                Feature.LOG_VOLUME),
                        64,
                        8,
                        MAX_GAP_MS);
        SeriesState series = builder.newSeries();
        List<MarketWindow> windows = new ArrayList<>();
        for (Bar bar : bars) {
            MarketWindow w = builder.append(series, bar);
            if (w != null) {
                windows.add(w);
            }
        }
        int gapsInData = 0;
        for (int i = 1; i < bars.size(); i++) {
            if (bars.get(i).time - bars.get(i - 1).time > MAX_GAP_MS) {
                gapsInData++;
            }
        }
        assertThat(gapsInData).as("the file has gaps longer than 30 minutes").isPositive();
        assertThat(windows).isNotEmpty();
        for (MarketWindow w : windows) {
            int first = indexOfTime.get(w.startTime);
            int last = indexOfTime.get(w.endTime);
            assertThat(last - first).isEqualTo(63);
            for (int i = first + 1; i <= last; i++) {
                assertThat(bars.get(i).time - bars.get(i - 1).time)
                        .as("gap inside window ending %d", w.endTime)
                        .isLessThanOrEqualTo(MAX_GAP_MS);
            }
        }
        System.out.printf(
                "INDA: %d bars, %d gaps over 30 min, %d windows, none spanning a gap%n",
                bars.size(), gapsInData, windows.size());
    }
}
