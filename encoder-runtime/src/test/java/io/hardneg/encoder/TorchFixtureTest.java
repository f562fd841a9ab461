package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model exported by PyTorch (src/test/python/export_fixture.py) runs in ONNX Runtime and gives
 * PyTorch's own outputs, stored next to it.
 */
class TorchFixtureTest {

    static final String MODEL = "fixtures/torch_cnn_c4_t64.onnx";
    private static final String EXPECTED = "fixtures/torch_cnn_c4_t64.json";

    private static JsonNode fixture;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in =
                TorchFixtureTest.class.getClassLoader().getResourceAsStream(EXPECTED)) {
            assertThat(in).as(EXPECTED + " on the test class path").isNotNull();
            fixture = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void onnxRuntimeReproducesPyTorchOutputs() throws Exception {
        int channels = fixture.get("channels").asInt();
        int length = fixture.get("window_length").asInt();
        float[][] windows = matrix(fixture.get("windows"));
        float[][] expected = matrix(fixture.get("embeddings"));
        EncoderModel model = EncoderModel.fromClasspath(MODEL);

        float[][] actual;
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(model, channels, length, EncoderOptions.defaults())) {
            assertThat(encoder.dimension()).isEqualTo(32);
            actual = encoder.embed(windows, windows.length);
        }

        assertThat(actual).hasNumberOfRows(9);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("window %d", i).containsExactly(expected[i], within(1e-5f));
        }
    }

    @Test
    void inspectReadsTheExportedSignature() throws Exception {
        ModelInfo info = ModelInfo.inspect(EncoderModel.fromClasspath(MODEL).bytes());

        assertThat(info.inputs())
                .containsExactly(
                        new ModelInfo.TensorInfo("window", "FLOAT", List.of("batch", "4", "64")));
        assertThat(info.outputs())
                .containsExactly(
                        new ModelInfo.TensorInfo("embedding", "FLOAT", List.of("batch", "32")));
        assertThat(info.opset()).isEqualTo(17);
        assertThat(info.producer()).startsWith("pytorch ");
    }

    private static float[][] matrix(JsonNode rows) {
        float[][] m = new float[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode row = rows.get(i);
            m[i] = new float[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                // Each value is a float32 written as a double, so the cast is exact.
                m[i][j] = (float) row.get(j).asDouble();
            }
        }
        return m;
    }
}
