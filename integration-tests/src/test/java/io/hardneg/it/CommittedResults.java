package io.hardneg.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the restart and fault tests share: comparable result text, the newest checkpoint. */
public final class CommittedResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CommittedResults() {}

    /** Results as compact JSON, so that two runs compare field by field. */
    public static List<String> normalise(List<String> json) {
        List<String> out = new ArrayList<>();
        for (String j : json) {
            try {
                out.add(MAPPER.readTree(j).toString());
            } catch (IOException e) {
                throw new AssertionError("unreadable result " + j, e);
            }
        }
        return out;
    }

    /**
     * The retained checkpoint ({@code chk-N} with its {@code _metadata}) with the highest N at most
     * {@code depth} levels under {@code dir}, as an operator would look it up.
     */
    public static Optional<Path> newestCheckpoint(Path dir, int depth) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return walk.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(
                            Comparator.comparingInt(
                                    p ->
                                            Integer.parseInt(
                                                    p.getFileName().toString().substring(4))));
        }
    }
}
