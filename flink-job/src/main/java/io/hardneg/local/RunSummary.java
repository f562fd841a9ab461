package io.hardneg.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.bars.RejectedRow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a run read, rejected and produced, computed from the results themselves. */
public final class RunSummary {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int barsRead;
    private final List<RejectedRow> csvRejects;
    private final List<String> emptyFiles;
    private final Map<String, Integer> deadLetters;
    private final List<JsonNode> results;
    private final Duration wallTime;

    public RunSummary(
            int barsRead,
            List<RejectedRow> csvRejects,
            List<String> emptyFiles,
            List<String> deadLetterJson,
            List<String> resultJson,
            Duration wallTime) {
        this.barsRead = barsRead;
        this.csvRejects = List.copyOf(csvRejects);
        this.emptyFiles = List.copyOf(emptyFiles);
        this.deadLetters = new TreeMap<>();
        for (String d : deadLetterJson) {
            deadLetters.merge(parse(d).path("reason").asText(), 1, Integer::sum);
        }
        this.results = new ArrayList<>();
        for (String r : resultJson) {
            results.add(parse(r));
        }
        this.wallTime = wallTime;
    }

    public List<JsonNode> results() {
        return results;
    }

    public Map<String, Integer> deadLetters() {
        return deadLetters;
    }

    /** Mean InfoNCE loss over results that have a positive. */
    public double meanLoss() {
        double sum = 0;
        int n = 0;
        for (JsonNode r : results) {
            if (r.hasNonNull("loss")) {
                sum += r.get("loss").asDouble();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Share of results with a positive whose semi-hard band held at least one candidate. */
    public double semiHardShare() {
        int withPositive = 0;
        int semiHard = 0;
        for (JsonNode r : results) {
            if (r.hasNonNull("positive")) {
                withPositive++;
                if (r.path("semiHardAvailable").asBoolean()) {
                    semiHard++;
                }
            }
        }
        return withPositive == 0 ? Double.NaN : (double) semiHard / withPositive;
    }

    public void print(PrintStream out, int examples) {
        out.println();
        out.println("== hardneg run summary ==");
        out.printf(Locale.ROOT, "bars read            %,d%n", barsRead);
        out.printf(
                Locale.ROOT,
                "rows rejected (CSV)  %,d%s%n",
                csvRejects.size(),
                emptyFiles.isEmpty()
                        ? ""
                        : "  (empty files: " + String.join(", ", emptyFiles) + ")");
        Map<String, Integer> byReason = new TreeMap<>();
        for (RejectedRow row : csvRejects) {
            String reason = row.reason();
            int colon = reason.indexOf(':');
            byReason.merge(colon > 0 ? reason.substring(0, colon) : reason, 1, Integer::sum);
        }
        byReason.forEach((reason, n) -> out.printf(Locale.ROOT, "  %-20s %,d%n", reason, n));
        csvRejects.stream().limit(3).forEach(row -> out.println("  e.g. " + row));
        int dead = deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        out.printf(
                Locale.ROOT, "dead letters (job)   %,d %s%n", dead, dead == 0 ? "" : deadLetters);
        out.printf(Locale.ROOT, "windows / results    %,d%n", results.size());
        out.printf(Locale.ROOT, "mean InfoNCE loss    %.4f%n", meanLoss());
        out.printf(
                Locale.ROOT, "anchors with a semi-hard negative  %.1f%%%n", 100 * semiHardShare());
        out.printf(Locale.ROOT, "wall time            %.1f s%n", wallTime.toMillis() / 1000.0);
        List<JsonNode> withPositive =
                results.stream().filter(r -> r.hasNonNull("positive")).toList();
        for (int i = 1; i <= examples && !withPositive.isEmpty(); i++) {
            out.println();
            out.print(describe(withPositive.get(withPositive.size() * i / (examples + 1))));
        }
    }

    /** One result in readable form. */
    public static String describe(JsonNode r) {
        StringBuilder b = new StringBuilder();
        JsonNode a = r.get("anchor");
        b.append(
                String.format(
                        Locale.ROOT,
                        "anchor %s  window %s .. %s  bank %s (%d entries)  model %s%n",
                        a.get("symbol").asText(),
                        day(a.get("startTime").asText()),
                        day(a.get("endTime").asText()),
                        r.get("bankKey").asText(),
                        r.get("bankSize").asInt(),
                        r.get("modelVersion").asText()));
        JsonNode p = r.get("positive");
        if (p != null && !p.isNull()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  positive   %-6s ends %s  s=%.4f%n",
                            p.get("symbol").asText(),
                            day(p.get("endTime").asText()),
                            p.get("similarity").asDouble()));
        }
        for (JsonNode n : r.get("negatives")) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  %-9s  %-6s ends %s  s=%.4f  w=%.3f%n",
                            n.get("kind").asText(),
                            n.get("symbol").asText(),
                            day(n.get("endTime").asText()),
                            n.get("similarity").asDouble(),
                            n.path("weight").asDouble(Double.NaN)));
        }
        if (r.hasNonNull("loss")) {
            b.append(String.format(Locale.ROOT, "  InfoNCE loss %.4f%n", r.get("loss").asDouble()));
        }
        return b.toString();
    }

    private static String day(String isoTime) {
        return isoTime.endsWith("T00:00:00Z") ? isoTime.substring(0, 10) : isoTime;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record: " + json, e);
        }
    }
}
