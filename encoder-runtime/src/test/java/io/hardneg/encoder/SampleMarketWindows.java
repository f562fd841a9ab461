package io.hardneg.encoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Market windows cut from the daily S&amp;P 500 sample CSVs in the flink-job module, the way the
 * job cuts them: channels log-return, range, body, log-volume, each z-scored within the window,
 * channel-major.
 */
final class SampleMarketWindows {

    /** The sample data, relative to this module (the working directory of Surefire). */
    static final Path SAMPLE_DIR = Path.of("../flink-job/src/main/resources/sample/sp500-daily");

    static final int CHANNELS = 4;

    /** One window and where it came from. */
    record Window(String symbol, int index, float[] values) {}

    private SampleMarketWindows() {}

    /** Windows of {@code length} bars every {@code stride} bars, per file in name order. */
    static List<Window> load(Path dir, int length, int stride) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<Window> windows = new ArrayList<>();
        for (Path file : files) {
            String symbol = file.getFileName().toString().replace(".csv", "");
            double[][] rows = features(file);
            int index = 0;
            for (int end = length; end <= rows.length; end += stride) {
                windows.add(new Window(symbol, index++, window(rows, end - length, length)));
            }
        }
        return windows;
    }

    /** Raw features per bar: log-return (0 for the first), range, body, log-volume. */
    private static double[][] features(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        double previousClose = Double.NaN;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 7 || Stream.of(f).anyMatch(String::isBlank)) {
                continue;
            }
            double open = Double.parseDouble(f[1]);
            double high = Double.parseDouble(f[2]);
            double low = Double.parseDouble(f[3]);
            double close = Double.parseDouble(f[4]);
            double volume = Double.parseDouble(f[5]);
            rows.add(
                    new double[] {
                        Double.isNaN(previousClose) ? 0.0 : Math.log(close / previousClose),
                        (high - low) / close,
                        (close - open) / open,
                        Math.log1p(volume)
                    });
            previousClose = close;
        }
        return rows.toArray(new double[0][]);
    }

    private static float[] window(double[][] rows, int from, int length) {
        float[] values = new float[CHANNELS * length];
        for (int c = 0; c < CHANNELS; c++) {
            double sum = 0;
            for (int t = 0; t < length; t++) {
                sum += rows[from + t][c];
            }
            double mean = sum / length;
            double sq = 0;
            for (int t = 0; t < length; t++) {
                double d = rows[from + t][c] - mean;
                sq += d * d;
            }
            double std = Math.sqrt(sq / length);
            for (int t = 0; t < length; t++) {
                values[c * length + t] =
                        std < 1e-12 ? 0f : (float) ((rows[from + t][c] - mean) / std);
            }
        }
        return values;
    }
}
