package io.hardneg.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One scenario's outcome compared with the failure-free run, printed and kept in a file. */
record FaultReport(
        String scenario,
        int expected,
        int committed,
        long lost,
        long duplicated,
        long unexpected,
        Duration took,
        String notes) {

    static final Path FILE = Path.of("target", "fault-report.txt");

    /** Compares committed results (normalised) with the expected ones, as multisets. */
    static FaultReport compare(
            String scenario,
            List<String> expected,
            List<String> committed,
            Duration took,
            String notes) {
        Map<String, Integer> remaining = new HashMap<>();
        for (String c : committed) {
            remaining.merge(c, 1, Integer::sum);
        }
        long lost = 0;
        for (String e : expected) {
            Integer left = remaining.get(e);
            if (left == null || left == 0) {
                lost++;
            } else {
                remaining.put(e, left - 1);
            }
        }
        Set<String> distinct = new HashSet<>(committed);
        Set<String> known = new HashSet<>(expected);
        long unexpected = distinct.stream().filter(c -> !known.contains(c)).count();
        return new FaultReport(
                scenario,
                expected.size(),
                committed.size(),
                lost,
                committed.size() - distinct.size(),
                unexpected,
                took,
                notes);
    }

    String line() {
        return String.format(
                "%-34s expected %6d  committed %6d  lost %4d  duplicated %4d  unexpected %4d"
                        + "  %4d s  %s",
                scenario,
                expected,
                committed,
                lost,
                duplicated,
                unexpected,
                took.toSeconds(),
                notes);
    }

    /** Prints the line and appends it to target/fault-report.txt. */
    void publish() throws IOException {
        System.out.println("FAULT REPORT " + line());
        Files.createDirectories(FILE.getParent());
        Files.writeString(
                FILE,
                line() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
