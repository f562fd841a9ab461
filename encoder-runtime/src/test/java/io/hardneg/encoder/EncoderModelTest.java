package io.hardneg.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderModelTest {

    @TempDir Path dir;

    @Test
    void sha256AndVersionIdentifyTheBytes() {
        EncoderModel model =
                EncoderModel.fromBytes("abc-model", "abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(model.sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(model.version()).isEqualTo("abc-model@ba7816bf8f01");
        assertThat(model.name()).isEqualTo("abc-model");
    }

    @Test
    void bytesCannotBeMutatedFromOutside() {
        byte[] source = {1, 2, 3};
        EncoderModel model = EncoderModel.fromBytes("m", source);

        source[0] = 9;
        model.bytes()[1] = 9;

        assertThat(model.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void fromFileNamesTheModelAfterTheFileWithoutExtension() throws Exception {
        Path file = dir.resolve("my.encoder.onnx");
        Files.write(file, new byte[] {4, 5});

        EncoderModel model = EncoderModel.fromFile(file);

        assertThat(model.name()).isEqualTo("my.encoder");
        assertThat(model.bytes()).containsExactly(4, 5);
    }

    @Test
    void fromFileReportsAMissingFile() {
        Path missing = dir.resolve("missing.onnx");

        assertThatThrownBy(() -> EncoderModel.fromFile(missing))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void fromClasspathReadsAResourceWithOrWithoutLeadingSlash() throws Exception {
        EncoderModel plain = EncoderModel.fromClasspath(TorchFixtureTest.MODEL);
        EncoderModel slashed = EncoderModel.fromClasspath("/" + TorchFixtureTest.MODEL);

        assertThat(plain.name()).isEqualTo("torch_cnn_c4_t64");
        assertThat(slashed).isEqualTo(plain);
        assertThat(plain.bytes()).hasSizeGreaterThan(10_000);
    }

    @Test
    void fromClasspathReportsAMissingResource() {
        assertThatThrownBy(() -> EncoderModel.fromClasspath("fixtures/nope.onnx"))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("'fixtures/nope.onnx' is not on the class path");
    }

    @Test
    void fromBytesRejectsEmptyInput() {
        assertThatThrownBy(() -> EncoderModel.fromBytes("m", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'m' has no bytes");
        assertThatThrownBy(() -> EncoderModel.fromBytes(" ", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportWritesTheBuiltinModel() throws Exception {
        Path out = dir.resolve("models/nested/enc.onnx");

        ModelFiles.export(out, 3, 16, 11L);
        ModelFiles.export(out, 3, 16, 11L); // overwrites in place

        EncoderModel model = EncoderModel.fromFile(out);
        assertThat(model.bytes()).isEqualTo(BuiltinEncoder.build(3, 16, 11L));
        assertThat(model.name()).isEqualTo("enc");
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void modelInfoRejectsBytesThatAreNotAModel() {
        assertThatThrownBy(() -> ModelInfo.inspect(new byte[] {(byte) 0xff, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ONNX model (3 bytes)");
    }

    @Test
    void describeListsSignatureAndIdentity() {
        EncoderModel model = EncoderModel.builtin(4, 64);

        String text = ModelInfo.inspect(model.bytes()).describe();

        assertThat(text)
                .contains("input   window: FLOAT [batch, 4, 64]\n")
                .contains("output  embedding: FLOAT [batch, 32]\n")
                .contains("opset   17\n")
                .contains("size    " + model.bytes().length + " bytes\n")
                .contains("sha256  " + model.sha256() + "\n")
                .contains("producer hardneg builtin-cnn/2\n");
    }
}
