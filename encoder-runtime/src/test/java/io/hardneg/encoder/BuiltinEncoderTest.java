package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltinEncoderTest {

    @Test
    void sameSeedGivesIdenticalBytes() {
        byte[] first = BuiltinEncoder.build(4, 64, 7L);
        byte[] second = BuiltinEncoder.build(4, 64, 7L);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedGivesDifferentBytes() {
        assertThat(BuiltinEncoder.build(4, 64, 8L)).isNotEqualTo(BuiltinEncoder.build(4, 64, 7L));
    }

    @Test
    void defaultModelHasAStableVersion() {
        EncoderModel first = EncoderModel.builtin(4, 64);
        EncoderModel second = EncoderModel.builtin(4, 64);

        assertThat(first.name()).isEqualTo("builtin-cnn");
        assertThat(first.bytes())
                .isEqualTo(BuiltinEncoder.build(4, 64, BuiltinEncoder.DEFAULT_SEED));
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(first.version()).matches("builtin-cnn@[0-9a-f]{12}");
    }

    @Test
    void inspectReportsTheDeclaredSignature() {
        ModelInfo info = ModelInfo.inspect(BuiltinEncoder.build(4, 64, 1L));

        assertThat(info.inputs())
                .containsExactly(
                        new ModelInfo.TensorInfo("window", "FLOAT", List.of("batch", "4", "64")));
        assertThat(info.outputs())
                .containsExactly(
                        new ModelInfo.TensorInfo("embedding", "FLOAT", List.of("batch", "32")));
        assertThat(info.opset()).isEqualTo(17);
        assertThat(info.producer()).isEqualTo("hardneg builtin-cnn/2");
    }

    @Test
    void weightsHaveTheDocumentedShapesAndScale() throws Exception {
        byte[] bytes = BuiltinEncoder.build(4, 64, 1L);
        ReferenceForwardPass weights = new ReferenceForwardPass(bytes);

        assertThat(weights.dims("conv1.weight")).containsExactly(16, 4, 3);
        assertThat(weights.dims("conv2.weight")).containsExactly(32, 16, 3);
        assertThat(weights.dims("conv3.weight")).containsExactly(64, 32, 3);
        assertThat(weights.dims("fc1.weight")).containsExactly(64, 64);
        assertThat(weights.dims("fc2.weight")).containsExactly(32, 64);
        assertThat(weights.dims("fc2.bias")).containsExactly(32);
    }

    @ParameterizedTest
    @CsvSource({"4, 64", "1, 4", "3, 7", "2, 5", "6, 130"})
    void onnxRuntimeMatchesAPlainJavaForwardPass(int channels, int length) throws Exception {
        EncoderModel model = EncoderModel.builtin(channels, length);
        ReferenceForwardPass reference = new ReferenceForwardPass(model.bytes());
        float[][] windows = TestWindows.random(5, channels, length, 99L);

        float[][] actual;
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(model, channels, length, EncoderOptions.defaults())) {
            actual = encoder.embed(windows, windows.length);
        }

        for (int i = 0; i < windows.length; i++) {
            float[] expected = reference.embed(windows[i], channels, length);
            assertThat(actual[i]).hasSize(BuiltinEncoder.EMBEDDING_DIM);
            assertThat(actual[i]).containsExactly(expected, within(1e-5f));
        }
    }

    @Test
    void calibrationCentresAndScalesTheEmbeddingOverItsWindows() throws Exception {
        // The same windows build() calibrates on: the seed's stream after the weights.
        SplittableRandom random = new SplittableRandom(7L);
        BuiltinNetwork.draw(4, random);
        float[][] windows =
                SyntheticWindows.generate(BuiltinEncoder.CALIBRATION_WINDOWS, 4, 64, random);
        ReferenceForwardPass reference = new ReferenceForwardPass(BuiltinEncoder.build(4, 64, 7L));

        double[] sum = new double[BuiltinEncoder.EMBEDDING_DIM];
        double[] sumSq = new double[BuiltinEncoder.EMBEDDING_DIM];
        for (float[] window : windows) {
            float[] out = reference.embed(window, 4, 64);
            for (int d = 0; d < out.length; d++) {
                sum[d] += out[d];
                sumSq[d] += (double) out[d] * out[d];
            }
        }
        double averageVariance = 0;
        for (int d = 0; d < sum.length; d++) {
            double mean = sum[d] / windows.length;
            assertThat(mean).as("mean of dimension %d", d).isCloseTo(0.0, within(1e-4));
            averageVariance += sumSq[d] / windows.length - mean * mean;
        }
        assertThat(averageVariance / sum.length).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void calibrationChangesOnlyTheDenseLayers() throws Exception {
        ReferenceForwardPass raw = new ReferenceForwardPass(BuiltinEncoder.build(4, 64, 7L, false));
        ReferenceForwardPass calibrated = new ReferenceForwardPass(BuiltinEncoder.build(4, 64, 7L));

        for (String conv : List.of("conv1", "conv2", "conv3")) {
            assertThat(calibrated.weights(conv + ".weight"))
                    .isEqualTo(raw.weights(conv + ".weight"));
            assertThat(calibrated.weights(conv + ".bias")).isEqualTo(raw.weights(conv + ".bias"));
        }
        assertThat(calibrated.weights("fc1.bias")).isNotEqualTo(raw.weights("fc1.bias"));
        assertThat(calibrated.weights("fc2.bias")).isNotEqualTo(raw.weights("fc2.bias"));
    }

    @Test
    void outputsAreNotDegenerate() throws Exception {
        float[][] windows = TestWindows.random(2, 4, 64, 5L);
        float[][] out;
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(
                        EncoderModel.builtin(4, 64), 4, 64, EncoderOptions.defaults())) {
            out = encoder.embed(windows, 2);
        }

        assertThat(out[0]).isNotEqualTo(out[1]);
        float[] first = out[0].clone();
        assertThat(Embeddings.normalizeInPlace(first)).isTrue();
        float[] second = out[1].clone();
        assertThat(Embeddings.normalizeInPlace(second)).isTrue();
        // Two unrelated windows should not map to (nearly) the same direction.
        assertThat(Embeddings.dot(first, second)).isLessThan(0.999f);
        long distinct = 0;
        for (float v : out[0]) {
            distinct += v != 0.0f ? 1 : 0;
        }
        assertThat(distinct).isEqualTo(BuiltinEncoder.EMBEDDING_DIM);
    }

    @Test
    void windowShorterThanFourIsRejectedByValue() {
        assertThatThrownBy(() -> BuiltinEncoder.build(4, 3, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window length 3")
                .hasMessageContaining("'window.length' must be at least 4");
    }

    @Test
    void zeroChannelsAreRejectedByValue() {
        assertThatThrownBy(() -> BuiltinEncoder.build(0, 64, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels must be at least 1, got 0");
    }
}
