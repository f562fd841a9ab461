package io.hardneg.cli;

import io.hardneg.encoder.BuiltinEncoder;
import io.hardneg.encoder.EncoderModel;
import io.hardneg.encoder.ModelFiles;
import io.hardneg.encoder.ModelInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Exports or inspects encoder models.",
        subcommands = {ModelCommand.Export.class, ModelCommand.Info.class})
final class ModelCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Writes the built-in encoder (a 1-D CNN, 32-dim output) as ONNX.")
    static final class Export implements Callable<Integer> {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "Where to write the .onnx file.")
        Path out;

        @Option(
                names = "--channels",
                defaultValue = "4",
                description = "Input channels: the number of features (default: ${DEFAULT-VALUE}).")
        int channels;

        @Option(
                names = "--window",
                defaultValue = "64",
                description = "Window length in bars (default: ${DEFAULT-VALUE}).")
        int window;

        @Option(
                names = "--seed",
                defaultValue = "" + BuiltinEncoder.DEFAULT_SEED,
                description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            ModelFiles.export(out, channels, window, seed);
            System.out.println(
                    "wrote " + out + "\n" + ModelInfo.inspect(Files.readAllBytes(out)).describe());
            return 0;
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Prints a model's inputs, outputs, opset, size and sha256.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "An ONNX model file.")
        Path file;

        @Override
        public Integer call() throws Exception {
            EncoderModel model = EncoderModel.fromFile(file);
            System.out.println(file + " (version " + model.version() + ")");
            System.out.println(ModelInfo.inspect(model.bytes()).describe());
            return 0;
        }
    }
}
