package io.hardneg.encoder;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The default window encoder: a small 1-D CNN written as an ONNX graph, with weights drawn from a
 * seed so that the same seed always gives the same model bytes (and so the same model version).
 *
 * <p>Network, for input {@code [batch, C, T]}: Conv1d(C→16, k3, pad 1) + Relu → MaxPool(2) →
 * Conv1d(16→32, k3, pad 1) + Relu → MaxPool(2) → Conv1d(32→64, k3, pad 1) + Relu →
 * GlobalAveragePool → Flatten → Gemm(64→64) + Relu → Gemm(64→32). Each MaxPool floors, so {@code T}
 * must be at least 4 for the last convolution to see one step.
 *
 * <p>Weights are He-uniform (bound {@code sqrt(6 / fan_in)}), which keeps the activations of
 * roughly unit-variance inputs at the same scale through the ReLU layers; biases are uniform in
 * ±0.01. Gemm weights are stored as {@code [out, in]} with {@code transB=1}, the PyTorch {@code
 * Linear} layout.
 *
 * <p>The two dense layers are then calibrated on {@value #CALIBRATION_WINDOWS} synthetic windows
 * drawn from the same seed ({@link SyntheticWindows}): the first is folded with a batch norm so
 * each hidden unit is zero-mean and unit-variance, the second so the embedding is zero-mean with
 * unit average variance. Without this every window embedded to nearly the same direction (cosine
 * 0.995 to 0.999 between unrelated S&amp;P 500 windows, see {@code BENCHMARKS.md}); with it,
 * unrelated windows are spread out and similarity means something. The calibration is plain Java
 * arithmetic, so the bytes still depend only on the arguments.
 */
public final class BuiltinEncoder {

    public static final int EMBEDDING_DIM = 32;
    public static final long DEFAULT_SEED = 20261203L;
    public static final String INPUT_NAME = "window";
    public static final String OUTPUT_NAME = "embedding";

    /** Shortest window the two pooling stages leave at least one step of. */
    public static final int MIN_WINDOW_LENGTH = 4;

    static final int OPSET = 17;
    // IR version 8 is the one that goes with opset 17 (ONNX 1.12).
    static final long IR_VERSION = 8;
    static final String PRODUCER_NAME = "hardneg";
    static final String PRODUCER_VERSION = "builtin-cnn/2";

    /** Synthetic windows the dense layers are calibrated on. */
    static final int CALIBRATION_WINDOWS = 512;

    private static final int CONV1_OUT = BuiltinNetwork.CONV1_OUT;
    private static final int CONV2_OUT = BuiltinNetwork.CONV2_OUT;
    private static final int CONV3_OUT = BuiltinNetwork.CONV3_OUT;
    private static final int HIDDEN = BuiltinNetwork.HIDDEN;
    private static final int KERNEL = BuiltinNetwork.KERNEL;

    private BuiltinEncoder() {}

    /**
     * Builds the model.
     *
     * @param channels input channels (features per time step), at least 1
     * @param windowLength time steps per window, at least {@value #MIN_WINDOW_LENGTH}
     * @param seed weight seed; the same arguments always give the same bytes
     * @return ONNX {@code ModelProto} bytes, opset 17, input {@value #INPUT_NAME} float32 {@code
     *     [batch, channels, windowLength]}, output {@value #OUTPUT_NAME} float32 {@code [batch,
     *     32]}
     */
    public static byte[] build(int channels, int windowLength, long seed) {
        return build(channels, windowLength, seed, true);
    }

    /** As {@link #build(int, int, long)}; {@code calibrate=false} gives the raw random network. */
    static byte[] build(int channels, int windowLength, long seed, boolean calibrate) {
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "channels must be at least 1, got " + channels + " (check 'features')");
        }
        if (windowLength < MIN_WINDOW_LENGTH) {
            throw new IllegalArgumentException(
                    "window length "
                            + windowLength
                            + " is too short for the built-in encoder: it pools twice by 2, so"
                            + " 'window.length' must be at least "
                            + MIN_WINDOW_LENGTH);
        }

        SplittableRandom random = new SplittableRandom(seed);
        BuiltinNetwork net = BuiltinNetwork.draw(channels, random);
        if (calibrate) {
            // Continues the weight stream, so the windows are a function of the seed as well.
            net.calibrate(
                    SyntheticWindows.generate(CALIBRATION_WINDOWS, channels, windowLength, random),
                    windowLength);
        }
        GraphProto.Builder graph =
                GraphProto.newBuilder()
                        .setName("hardneg_builtin_cnn")
                        .setDocString(
                                "hardneg built-in window encoder, channels="
                                        + channels
                                        + " window="
                                        + windowLength
                                        + " seed="
                                        + seed);

        String x = INPUT_NAME;
        x = conv(graph, "conv1", x, net.conv1W, net.conv1B, channels, CONV1_OUT);
        x = unary(graph, "Relu", "relu1", x);
        x = maxPool(graph, "pool1", x);
        x = conv(graph, "conv2", x, net.conv2W, net.conv2B, CONV1_OUT, CONV2_OUT);
        x = unary(graph, "Relu", "relu2", x);
        x = maxPool(graph, "pool2", x);
        x = conv(graph, "conv3", x, net.conv3W, net.conv3B, CONV2_OUT, CONV3_OUT);
        x = unary(graph, "Relu", "relu3", x);
        x = unary(graph, "GlobalAveragePool", "gap", x);
        graph.addNode(
                node("Flatten", "flatten", x, "flatten_out").addAttribute(intAttr("axis", 1)));
        x = "flatten_out";
        x = gemm(graph, "fc1", x, net.fc1W, net.fc1B, CONV3_OUT, HIDDEN, "fc1_out");
        x = unary(graph, "Relu", "relu4", x);
        gemm(graph, "fc2", x, net.fc2W, net.fc2B, HIDDEN, EMBEDDING_DIM, OUTPUT_NAME);

        graph.addInput(floatTensor(INPUT_NAME, "batch", channels, windowLength));
        graph.addOutput(floatTensor(OUTPUT_NAME, "batch", EMBEDDING_DIM));

        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER_NAME)
                .setProducerVersion(PRODUCER_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static String conv(
            GraphProto.Builder graph,
            String name,
            String input,
            float[] weight,
            float[] bias,
            int in,
            int out) {
        String w = name + ".weight";
        String b = name + ".bias";
        graph.addInitializer(tensor(w, weight, out, in, KERNEL));
        graph.addInitializer(tensor(b, bias, out));
        String output = name + "_out";
        graph.addNode(
                NodeProto.newBuilder()
                        .setName(name)
                        .setOpType("Conv")
                        .addInput(input)
                        .addInput(w)
                        .addInput(b)
                        .addOutput(output)
                        .addAttribute(intsAttr("kernel_shape", KERNEL))
                        .addAttribute(intsAttr("pads", 1, 1))
                        .addAttribute(intsAttr("strides", 1))
                        .addAttribute(intsAttr("dilations", 1))
                        .addAttribute(intAttr("group", 1)));
        return output;
    }

    private static String gemm(
            GraphProto.Builder graph,
            String name,
            String input,
            float[] weight,
            float[] bias,
            int in,
            int out,
            String output) {
        String w = name + ".weight";
        String b = name + ".bias";
        graph.addInitializer(tensor(w, weight, out, in));
        graph.addInitializer(tensor(b, bias, out));
        graph.addNode(
                NodeProto.newBuilder()
                        .setName(name)
                        .setOpType("Gemm")
                        .addInput(input)
                        .addInput(w)
                        .addInput(b)
                        .addOutput(output)
                        .addAttribute(intAttr("transB", 1)));
        return output;
    }

    private static String maxPool(GraphProto.Builder graph, String name, String input) {
        String output = name + "_out";
        graph.addNode(
                node("MaxPool", name, input, output)
                        .addAttribute(intsAttr("kernel_shape", 2))
                        .addAttribute(intsAttr("strides", 2)));
        return output;
    }

    private static String unary(GraphProto.Builder graph, String op, String name, String input) {
        String output = name + "_out";
        graph.addNode(node(op, name, input, output));
        return output;
    }

    private static NodeProto.Builder node(String op, String name, String input, String output) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addInput(input).addOutput(output);
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder attr =
                AttributeProto.newBuilder()
                        .setName(name)
                        .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attr.addInts(v);
        }
        return attr.build();
    }

    private static TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES);
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        TensorProto.Builder t =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.FLOAT.getNumber())
                        .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static ValueInfoProto floatTensor(String name, String batchParam, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchParam));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        TypeProto.newBuilder()
                                .setTensorType(
                                        TypeProto.Tensor.newBuilder()
                                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                                .setShape(shape)))
                .build();
    }
}
