package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardneg.mining.BankEntry;
import io.hardneg.mining.MemoryBank;
import io.hardneg.mining.MiningParams;
import io.hardneg.mining.MiningResult;
import io.hardneg.mining.NegativeMiner;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    /** A bank of three windows of other symbols and one earlier window of the anchor's symbol. */
    private final MemoryBank bank = new MemoryBank(8, 2);

    private final Map<BankEntry, float[]> windows = new HashMap<>();

    private EmbeddedWindow anchor() {
        add("AAA", 100 * DAY, 100, new float[] {0.6f, 0.8f});
        add("BBB", 130 * DAY, 30, new float[] {1f, 0f});
        add("CCC", 131 * DAY, 31, new float[] {0f, 1f});
        add("DDD", 132 * DAY, 32, new float[] {0.8f, -0.6f});
        EmbeddedWindow w = new EmbeddedWindow();
        w.symbol = "AAA";
        w.endTime = 200 * DAY;
        w.startTime = 190 * DAY;
        w.barIndex = 200;
        w.embedding = new float[] {0.28f, 0.96f};
        w.modelVersion = "m-1";
        w.values = new float[] {1.5f, -2.25f, 0.125f, 3f};
        return w;
    }

    private void add(String symbol, long endTime, long barIndex, float[] embedding) {
        BankEntry e = new BankEntry(symbol, endTime, barIndex, embedding, "m-1");
        bank.add(e);
        windows.put(e, new float[] {barIndex, -barIndex, 0.5f, 1f / 3f});
    }

    /** 1,600 values (5 channels x 320 bars), different for each seed. */
    static float[] bigWindow(int seed) {
        float[] values = new float[5 * 320];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(seed * 31 + i * 0.37) * (i % 7 + 1) / 3f;
        }
        return values;
    }

    private MiningResult mine(EmbeddedWindow w) {
        MiningParams params =
                MiningParams.builder()
                        .topK(2)
                        .semiHardCount(0)
                        .exclusionRadius(4)
                        .positiveLag(100)
                        .build();
        return new NegativeMiner(params, 2)
                .mine(bank, w.symbol, w.endTime, w.barIndex, w.embedding);
    }

    @Test
    void base64VectorsDecodeToTheExactFloatsOfTheArrayForm() throws Exception {
        EmbeddedWindow w = anchor();
        MiningResult result = mine(w);
        ResultFormat base64 = new ResultFormat(true, true, true, 2, 2);
        ResultFormat arrays = new ResultFormat(false, true, true, 2, 2);

        ResultJson writer = new ResultJson();
        JsonNode b =
                MAPPER.readTree(
                        writer.write("Télécom", w, result, base64, (e, slot) -> windows.get(e)));
        JsonNode a =
                MAPPER.readTree(
                        writer.write("Télécom", w, result, arrays, (e, slot) -> windows.get(e)));

        assertThat(b.get("bankKey").asText()).isEqualTo("Télécom");
        assertThat(b.get("vectors").asText()).isEqualTo("base64-f32le");
        assertThat(a.get("vectors").asText()).isEqualTo("array");
        assertThat(decode(b.at("/anchor/embedding"))).containsExactly(0.28f, 0.96f);
        assertThat(decode(b.at("/anchor/window"))).containsExactly(1.5f, -2.25f, 0.125f, 3f);
        assertThat(floats(a.at("/anchor/window"))).containsExactly(1.5f, -2.25f, 0.125f, 3f);
        assertThat(b.at("/positive/id").asText()).isEqualTo("AAA@1970-04-11T00:00:00Z");
        assertThat(decode(b.at("/positive/window"))).containsExactly(100f, -100f, 0.5f, 1f / 3f);

        // Hard negatives by similarity: CCC (0.96), BBB (0.28); DDD (-0.352) is past top-2.
        assertThat(b.get("negatives")).hasSize(2);
        assertThat(b.at("/negatives/0/id").asText()).isEqualTo("CCC@1970-05-12T00:00:00Z");
        assertThat(b.at("/negatives/1/id").asText()).isEqualTo("BBB@1970-05-11T00:00:00Z");
        for (int i = 0; i < 2; i++) {
            JsonNode nb = b.get("negatives").get(i);
            JsonNode na = a.get("negatives").get(i);
            assertThat(decode(nb.get("embedding"))).containsExactly(floats(na.get("embedding")));
            assertThat(decode(nb.get("window"))).containsExactly(floats(na.get("window")));
            assertThat(nb.get("similarity").asDouble()).isEqualTo(na.get("similarity").asDouble());
        }
        assertThat(decode(b.get("gradient"))).containsExactly(floats(a.get("gradient")));
        assertThat(b.get("loss").asDouble()).isEqualTo(result.loss());
    }

    @Test
    void outputIsAsciiWithNonAsciiEscaped() {
        EmbeddedWindow w = anchor();
        byte[] bytes =
                new ResultJson()
                        .write(
                                "Télécom",
                                w,
                                mine(w),
                                new ResultFormat(true, true, false, 2, 2),
                                null);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"bankKey\":\"T\\u00E9l\\u00E9com\"");
        assertThat(bytes).isEqualTo(json.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The bytes of the results/golden-*.json files were written by the String-returning writer
     * before results went to Kafka as bytes; the topic's records must not change by a byte.
     */
    @Test
    void bytesAreThoseOfTheGoldenRecords() throws Exception {
        EmbeddedWindow w = anchor();
        MiningResult result = mine(w);
        ResultJson writer = new ResultJson();

        assertThat(
                        writer.write(
                                "Télécom",
                                w,
                                result,
                                new ResultFormat(true, true, true, 2, 2),
                                (e, slot) -> windows.get(e)))
                .isEqualTo(golden("golden-base64.json"));
        assertThat(
                        writer.write(
                                "Télécom",
                                w,
                                result,
                                new ResultFormat(false, true, true, 2, 2),
                                (e, slot) -> windows.get(e)))
                .isEqualTo(golden("golden-arrays.json"));
        w.values = bigWindow(0);
        assertThat(
                        writer.write(
                                "Télécom",
                                w,
                                result,
                                new ResultFormat(true, true, true, 5, 320),
                                (e, slot) -> bigWindow((int) e.barIndex())))
                .isEqualTo(golden("golden-base64-large.json"));
    }

    @Test
    void aWriterReusedForOtherResultsLeavesTheArraysItReturnedAlone() throws Exception {
        EmbeddedWindow w = anchor();
        MiningResult result = mine(w);
        ResultFormat large = new ResultFormat(true, true, true, 5, 320);
        ResultJson writer = new ResultJson();

        w.values = bigWindow(0);
        byte[] first =
                writer.write(
                        "Télécom", w, result, large, (e, slot) -> bigWindow((int) e.barIndex()));
        byte[] firstCopy = first.clone();
        w.values = bigWindow(7);
        byte[] second =
                writer.write("X", w, result, large, (e, slot) -> bigWindow(7 + (int) e.barIndex()));
        w.values = new float[] {1f, 2f, 3f, 4f};
        byte[] small =
                writer.write(
                        "Y",
                        w,
                        result,
                        new ResultFormat(true, true, true, 2, 2),
                        (e, slot) -> windows.get(e));

        assertThat(first).isEqualTo(firstCopy).isEqualTo(golden("golden-base64-large.json"));
        w.values = bigWindow(7);
        assertThat(second)
                .isEqualTo(
                        new ResultJson()
                                .write(
                                        "X",
                                        w,
                                        result,
                                        large,
                                        (e, slot) -> bigWindow(7 + (int) e.barIndex())));
        w.values = new float[] {1f, 2f, 3f, 4f};
        assertThat(small)
                .isEqualTo(
                        new ResultJson()
                                .write(
                                        "Y",
                                        w,
                                        result,
                                        new ResultFormat(true, true, true, 2, 2),
                                        (e, slot) -> windows.get(e)));
        assertThat(decode(MAPPER.readTree(second).at("/anchor/window")))
                .containsExactly(bigWindow(7));
    }

    private static byte[] golden(String name) throws Exception {
        try (var in = ResultJsonTest.class.getResourceAsStream("/results/" + name)) {
            return in.readAllBytes();
        }
    }

    private static float[] decode(JsonNode node) {
        return VectorCodec.decode(node.asText());
    }

    private static float[] floats(JsonNode node) {
        float[] values = new float[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).floatValue();
        }
        return values;
    }
}
