package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OnnxWindowEncoderTest {

    private static final EncoderOptions CPU = new EncoderOptions("cpu", 1, 1);

    @Test
    void reportsItsShapeModelAndDevice() throws Exception {
        EncoderModel model = EncoderModel.builtin(4, 64);
        try (OnnxWindowEncoder encoder = OnnxWindowEncoder.open(model, 4, 64, CPU)) {
            assertThat(encoder.channels()).isEqualTo(4);
            assertThat(encoder.windowLength()).isEqualTo(64);
            assertThat(encoder.dimension()).isEqualTo(32);
            assertThat(encoder.modelVersion()).isEqualTo(model.version());
            assertThat(encoder.device()).isEqualTo("cpu");
        }
    }

    @Test
    void wrongChannelsAndWindowNameBothShapesAndBothKeys() throws Exception {
        EncoderModel model = EncoderModel.fromClasspath(TorchFixtureTest.MODEL);

        assertThatThrownBy(() -> OnnxWindowEncoder.open(model, 5, 32, CPU))
                .isInstanceOf(EncoderException.class)
                .hasMessage(
                        "model 'torch_cnn_c4_t64' expects input [batch, 4, 64] but the job"
                                + " produces windows [batch, 5, 32] (features has 5 channels:"
                                + " change 'features'; window.length is 32: change"
                                + " 'window.length' or export the model for 32 steps)");
    }

    @Test
    void wrongWindowAloneNamesOnlyTheWindowKey() {
        EncoderModel model = EncoderModel.builtin(4, 64);

        assertThatThrownBy(() -> OnnxWindowEncoder.open(model, 4, 48, CPU))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("[batch, 4, 64]")
                .hasMessageContaining("[batch, 4, 48]")
                .hasMessageContaining("change 'window.length' or export the model for 48 steps")
                .hasMessageNotContaining("'features'");
    }

    @Test
    void symbolicTimeAxisAcceptsAnyWindowLength() throws Exception {
        EncoderModel model =
                EncoderModel.fromBytes(
                        "any-length", withInputDim(BuiltinEncoder.build(4, 64, 1L), 2, "time"));

        try (OnnxWindowEncoder encoder = OnnxWindowEncoder.open(model, 4, 40, CPU)) {
            float[][] out = encoder.embed(TestWindows.random(3, 4, 40, 1L), 3);
            assertThat(out).hasNumberOfRows(3);
            assertThat(out[0]).hasSize(32);
        }
    }

    @Test
    void fixedBatchIsRejectedWithTheExportFix() throws Exception {
        ModelProto.Builder proto =
                ModelProto.parseFrom(BuiltinEncoder.build(4, 64, 1L)).toBuilder();
        proto.getGraphBuilder()
                .getInputBuilder(0)
                .getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .setDim(0, TensorShapeProto.Dimension.newBuilder().setDimValue(1));
        EncoderModel model = EncoderModel.fromBytes("fixed", proto.build().toByteArray());

        assertThatThrownBy(() -> OnnxWindowEncoder.open(model, 4, 64, CPU))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("expects input [1, 4, 64] with a fixed batch of 1")
                .hasMessageContaining("dynamic_axes={'window': {0: 'batch'}}");
    }

    @Test
    void bytesThatAreNotAModelFailToLoadWithTheModelName() {
        EncoderModel model = EncoderModel.fromBytes("junk", new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> OnnxWindowEncoder.open(model, 4, 64, CPU))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("could not load model 'junk'")
                .hasMessageContaining("on cpu");
    }

    @Test
    void cudaOnTheCpuRuntimeFailsNamingCuda() {
        assumeCpuOnlyRuntime();
        EncoderModel model = EncoderModel.builtin(4, 64);

        assertThatThrownBy(
                        () ->
                                OnnxWindowEncoder.open(
                                        model, 4, 64, new EncoderOptions("cuda", 1, 1)))
                .isInstanceOf(EncoderException.class)
                .hasMessageContaining("CUDA device 0 is not usable")
                .hasMessageContaining("Failed to find CUDA shared provider")
                .hasMessageContaining("'encoder.device'");
    }

    @Test
    void autoFallsBackToCpu() throws Exception {
        assumeCpuOnlyRuntime();
        EncoderModel model = EncoderModel.builtin(4, 64);
        float[][] windows = TestWindows.random(4, 4, 64, 3L);

        try (OnnxWindowEncoder auto =
                        OnnxWindowEncoder.open(model, 4, 64, EncoderOptions.defaults());
                OnnxWindowEncoder cpu = OnnxWindowEncoder.open(model, 4, 64, CPU)) {
            assertThat(auto.device()).isEqualTo("cpu");
            assertThat(auto.embed(windows, 4)).isDeepEqualTo(cpu.embed(windows, 4));
        }
    }

    /**
     * The engine relies on this: on the CPU provider a window's embedding does not depend on which
     * batch, or which position in it, the window ran in.
     */
    @Test
    void windowAloneAndInsideABatchOf32GiveBitwiseEqualOutputs() throws Exception {
        for (EncoderModel model :
                List.of(
                        EncoderModel.builtin(4, 64),
                        EncoderModel.fromClasspath(TorchFixtureTest.MODEL))) {
            float[][] windows = TestWindows.random(32, 4, 64, 17L);
            try (OnnxWindowEncoder encoder = OnnxWindowEncoder.open(model, 4, 64, CPU)) {
                float[][] batch = encoder.embed(windows, 32);
                float[][] firstSeven = encoder.embed(windows, 7);
                for (int i = 0; i < 32; i++) {
                    float[][] alone = encoder.embed(new float[][] {windows[i]}, 1);
                    assertThat(alone[0])
                            .as("%s window %d", model.name(), i)
                            .containsExactly(batch[i]);
                    if (i < 7) {
                        assertThat(firstSeven[i]).containsExactly(batch[i]);
                    }
                }
            }
        }
    }

    @Test
    void batchOutputsDoNotDependOnThreadCount() throws Exception {
        EncoderModel model = EncoderModel.builtin(4, 64);
        float[][] windows = TestWindows.random(32, 4, 64, 23L);

        try (OnnxWindowEncoder one = OnnxWindowEncoder.open(model, 4, 64, CPU);
                OnnxWindowEncoder two =
                        OnnxWindowEncoder.open(model, 4, 64, new EncoderOptions("cpu", 2, 1))) {
            assertThat(two.embed(windows, 32)).isDeepEqualTo(one.embed(windows, 32));
        }
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() throws Exception {
        float[][] windows = TestWindows.random(16, 4, 64, 29L);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(EncoderModel.builtin(4, 64), 4, 64, CPU)) {
            float[][] expected = encoder.embed(windows, 16);
            List<Future<float[][]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Callable<float[][]> call = () -> encoder.embed(windows, 16);
                results.add(pool.submit(call));
            }
            for (Future<float[][]> result : results) {
                assertThat(result.get()).isDeepEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void embedsOnlyTheFirstCountRows() throws Exception {
        float[][] windows = TestWindows.random(5, 4, 64, 31L);
        windows[4] = new float[1]; // beyond count: never read

        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(EncoderModel.builtin(4, 64), 4, 64, CPU)) {
            assertThat(encoder.embed(windows, 3)).hasNumberOfRows(3);
            assertThat(encoder.embed(windows, 0)).isEmpty();
        }
    }

    @Test
    void rejectsWindowsOfTheWrongSizeAndBadCounts() throws Exception {
        try (OnnxWindowEncoder encoder =
                OnnxWindowEncoder.open(EncoderModel.builtin(4, 64), 4, 64, CPU)) {
            float[][] windows = {new float[256], new float[255]};

            assertThatThrownBy(() -> encoder.embed(windows, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("window 1 has 255 values")
                    .hasMessageContaining("4 x 64 = 256");
            assertThatThrownBy(() -> encoder.embed(windows, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("count 3 is outside [0, 2]");
            // A failed call leaves the encoder usable.
            assertThat(encoder.embed(windows, 1)).hasNumberOfRows(1);
        }
    }

    @Test
    void embedAfterCloseIsAnIllegalState() throws Exception {
        OnnxWindowEncoder encoder = OnnxWindowEncoder.open(EncoderModel.builtin(4, 64), 4, 64, CPU);
        encoder.close();
        encoder.close();

        assertThatThrownBy(() -> encoder.embed(new float[][] {new float[256]}, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    /** The CPU artifact has no CUDA provider; with -Pgpu these two cases do not apply. */
    private static void assumeCpuOnlyRuntime() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
    }

    private static byte[] withInputDim(byte[] modelBytes, int axis, String param) throws Exception {
        ModelProto.Builder proto = ModelProto.parseFrom(modelBytes).toBuilder();
        proto.getGraphBuilder()
                .getInputBuilder(0)
                .getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .setDim(axis, TensorShapeProto.Dimension.newBuilder().setDimParam(param));
        return proto.build().toByteArray();
    }
}
