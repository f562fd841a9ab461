package io.hardneg.local;

import io.hardneg.bars.CsvBarReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's bundled sample: daily bars of 30 S&P 500 stocks, 2012-08 to 2018-02, kept as published
 * (an empty file, rows with empty fields and short histories included).
 */
public final class SampleBars {
    static final String ROOT = "/sample/sp500-daily/";

    private SampleBars() {}

    /** File names of the sample, in order. */
    public static List<String> files() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = open("index.txt");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        }
        return names;
    }

    /** Reads the sample. */
    public static CsvBarReader read() throws IOException {
        CsvBarReader reader = new CsvBarReader();
        for (String name : files()) {
            try (InputStream in = open(name)) {
                reader.read(name, in);
            }
        }
        return reader;
    }

    /** Writes the sample's CSV files into a directory (for a backfill of the same bars). */
    public static void copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : files()) {
            try (InputStream in = open(name)) {
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = SampleBars.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("bundled sample file " + ROOT + name + " is missing");
        }
        return in;
    }
}
