package io.hardneg.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a symbol-to-sector CSV with {@code Symbol} and {@code Sector} columns. */
public final class SectorMap {
    /** The bundled S&P 500 map (GICS sectors as of 2018). */
    public static final String BUNDLED = "/sectors/sp500-sectors.csv";

    private SectorMap() {}

    /** The file's map, or the bundled one when {@code file} is empty. */
    public static Map<String, String> load(String file) throws IOException {
        if (file == null || file.isEmpty()) {
            try (InputStream in = SectorMap.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IOException("bundled sectors file " + BUNDLED + " is missing");
                }
                return read(in, BUNDLED);
            }
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IOException(
                    "bank.sectors-file="
                            + file
                            + " does not exist; give a CSV with Symbol and"
                            + " Sector columns, or leave it empty for the bundled S&P 500 map");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, file);
        }
    }

    static Map<String, String> read(InputStream in, String name) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null) {
            throw new IOException("sectors file " + name + " is empty");
        }
        List<String> columns = split(header);
        int symbol = indexOf(columns, "symbol");
        int sector = indexOf(columns, "sector");
        if (symbol < 0 || sector < 0) {
            throw new IOException(
                    "sectors file "
                            + name
                            + " has header '"
                            + header
                            + "'; expected Symbol and Sector columns");
        }
        Map<String, String> map = new LinkedHashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            List<String> cells = split(line);
            if (cells.size() > Math.max(symbol, sector) && !cells.get(symbol).isBlank()) {
                map.put(cells.get(symbol).trim(), cells.get(sector).trim());
            }
        }
        return map;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits one CSV line, honouring double quotes around cells that hold commas. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
