package io.hardneg.bars;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads bars from CSV files whose columns are found by header name: {@code
 * Date,Open,High,Low,Close,Volume,Name} (symbol in the {@code Name} or {@code Symbol} column) or
 * {@code timestamp,open,high,low,close,volume} (symbol from the file name, {@code INDA_1min.csv}
 * gives {@code INDA}). A row that cannot be used is kept as a {@link RejectedRow} with its file,
 * line and reason; reading goes on.
 */
public final class CsvBarReader {
    private final List<Bar> bars = new ArrayList<>();
    private final List<RejectedRow> rejected = new ArrayList<>();
    private final List<String> emptyFiles = new ArrayList<>();
    private int files;

    /** Reads every {@code *.csv} file of a directory, in file-name order. */
    public static CsvBarReader readDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    "bars directory " + dir + " does not exist or is not a directory");
        }
        CsvBarReader reader = new CsvBarReader();
        List<Path> csvs;
        try (Stream<Path> list = Files.list(dir)) {
            csvs =
                    list.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .toLowerCase(Locale.ROOT)
                                                    .endsWith(".csv"))
                            .sorted()
                            .toList();
        }
        if (csvs.isEmpty()) {
            throw new IOException("bars directory " + dir + " holds no .csv file");
        }
        for (Path csv : csvs) {
            try (InputStream in = Files.newInputStream(csv)) {
                reader.read(csv.getFileName().toString(), in);
            }
        }
        return reader;
    }

    /** Reads one CSV stream; {@code fileName} names it in rejections and may give the symbol. */
    public void read(String fileName, InputStream in) throws IOException {
        files++;
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || header.isBlank()) {
            emptyFiles.add(fileName);
            rejected.add(new RejectedRow(fileName, 1, "empty file: no header"));
            return;
        }
        Columns columns;
        try {
            columns = Columns.of(stripBom(header));
        } catch (IllegalArgumentException e) {
            rejected.add(new RejectedRow(fileName, 1, e.getMessage()));
            return;
        }
        String fileSymbol = symbolFromFileName(fileName);
        String line;
        int lineNumber = 1;
        int rows = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            rows++;
            try {
                bars.add(columns.bar(line.split(",", -1), fileSymbol));
            } catch (BarRejectedException e) {
                rejected.add(
                        new RejectedRow(
                                fileName, lineNumber, e.reason().label() + ": " + e.getMessage()));
            }
        }
        if (rows == 0) {
            emptyFiles.add(fileName);
        }
    }

    /** Accepted bars in (time, symbol) order: the order they are published in. */
    public List<Bar> barsInTimeOrder() {
        List<Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparingLong((Bar b) -> b.time).thenComparing(b -> b.symbol));
        return sorted;
    }

    public List<RejectedRow> rejected() {
        return List.copyOf(rejected);
    }

    /** Files with a header and no row, or with nothing at all. */
    public List<String> emptyFiles() {
        return List.copyOf(emptyFiles);
    }

    public int files() {
        return files;
    }

    static String symbolFromFileName(String fileName) {
        String stem = fileName.replaceFirst("(?i)\\.csv$", "");
        // Drop an interval suffix: INDA_1min -> INDA, SPY_5m -> SPY.
        return stem.replaceFirst("(?i)_\\d+(min|m|h|d|s|sec)$", "");
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    /** Positions of the needed columns in one file's header. */
    private record Columns(
            int time, int open, int high, int low, int close, int volume, int symbol) {
        static Columns of(String header) {
            String[] names = header.split(",", -1);
            int time = -1, open = -1, high = -1, low = -1, close = -1, volume = -1, symbol = -1;
            for (int i = 0; i < names.length; i++) {
                switch (names[i].trim().toLowerCase(Locale.ROOT)) {
                    case "date", "timestamp", "time", "datetime" -> time = i;
                    case "open" -> open = i;
                    case "high" -> high = i;
                    case "low" -> low = i;
                    case "close" -> close = i;
                    case "volume" -> volume = i;
                    case "name", "symbol", "ticker" -> symbol = i;
                    default -> {}
                }
            }
            List<String> missing = new ArrayList<>();
            if (time < 0) missing.add("Date or timestamp");
            if (open < 0) missing.add("Open");
            if (high < 0) missing.add("High");
            if (low < 0) missing.add("Low");
            if (close < 0) missing.add("Close");
            if (volume < 0) missing.add("Volume");
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "header '"
                                + header
                                + "' lacks "
                                + String.join(", ", missing)
                                + "; expected Date,Open,High,Low,Close,Volume[,Name] or"
                                + " timestamp,open,high,low,close,volume");
            }
            return new Columns(time, open, high, low, close, volume, symbol);
        }

        Bar bar(String[] cells, String fileSymbol) throws BarRejectedException {
            Bar bar = new Bar();
            if (symbol >= 0) {
                bar.symbol = cell(cells, symbol, "Name");
            } else {
                bar.symbol = fileSymbol;
            }
            String timeText = cell(cells, time, "Date");
            try {
                bar.time = BarTime.parse(timeText);
            } catch (IllegalArgumentException e) {
                throw new BarRejectedException(RejectReason.MISTYPED_FIELD, e.getMessage());
            }
            bar.open = number(cells, open, "Open");
            bar.high = number(cells, high, "High");
            bar.low = number(cells, low, "Low");
            bar.close = number(cells, close, "Close");
            bar.volume = number(cells, volume, "Volume");
            BarValidator.validate(bar);
            return bar;
        }

        private static String cell(String[] cells, int index, String name)
                throws BarRejectedException {
            if (index >= cells.length || cells[index].isBlank()) {
                throw new BarRejectedException(RejectReason.MISSING_FIELD, name + " is empty");
            }
            return cells[index].trim();
        }

        private static double number(String[] cells, int index, String name)
                throws BarRejectedException {
            String text = cell(cells, index, name);
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new BarRejectedException(
                        RejectReason.MISTYPED_FIELD, name + " '" + text + "' is not a number");
            }
        }
    }
}
