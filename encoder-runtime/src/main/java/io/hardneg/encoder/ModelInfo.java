package io.hardneg.encoder;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an ONNX model declares about itself, read from the protobuf alone (no ONNX Runtime session),
 * for {@code model inspect} style output.
 *
 * @param inputs graph inputs that are not initializers
 * @param outputs graph outputs
 * @param opset the default-domain ({@code ai.onnx}) opset version, or -1 if none is imported
 * @param sizeBytes size of the model bytes
 * @param sha256 lowercase hex SHA-256 of the model bytes
 * @param producer producer name and version, e.g. {@code "pytorch 2.1.0"}; empty if unset
 */
public record ModelInfo(
        List<TensorInfo> inputs,
        List<TensorInfo> outputs,
        long opset,
        long sizeBytes,
        String sha256,
        String producer) {

    public ModelInfo {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One graph input or output.
     *
     * @param name the value's name
     * @param elementType the ONNX element type name, e.g. {@code FLOAT}; {@code "?"} if it is not a
     *     tensor
     * @param shape one entry per dimension: its size, its symbolic name, or {@code "?"} when it is
     *     dynamic without a name; empty for a scalar or an unknown rank
     */
    public record TensorInfo(String name, String elementType, List<String> shape) {
        public TensorInfo {
            shape = List.copyOf(shape);
        }

        @Override
        public String toString() {
            return name + ": " + elementType + " [" + String.join(", ", shape) + "]";
        }
    }

    /**
     * Parses {@code modelBytes} as an ONNX {@code ModelProto}.
     *
     * @throws IllegalArgumentException if the bytes are not an ONNX model
     */
    public static ModelInfo inspect(byte[] modelBytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(modelBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "not an ONNX model (" + modelBytes.length + " bytes): " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new IllegalArgumentException(
                    "not an ONNX model (" + modelBytes.length + " bytes): it has no graph");
        }
        GraphProto graph = model.getGraph();

        // Before IR version 4 initializers were also listed as graph inputs; they are weights.
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<TensorInfo> inputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(tensorInfo(v));
            }
        }
        List<TensorInfo> outputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            outputs.add(tensorInfo(v));
        }

        long opset = -1;
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                opset = id.getVersion();
            }
        }
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new ModelInfo(
                inputs, outputs, opset, modelBytes.length, Hashes.sha256Hex(modelBytes), producer);
    }

    /** Multi-line text for people: one line per input and output, then opset, size and hash. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (TensorInfo t : inputs) {
            text.append("input   ").append(t).append('\n');
        }
        for (TensorInfo t : outputs) {
            text.append("output  ").append(t).append('\n');
        }
        text.append("opset   ").append(opset < 0 ? "none" : Long.toString(opset)).append('\n');
        text.append("size    ").append(sizeBytes).append(" bytes\n");
        text.append("sha256  ").append(sha256).append('\n');
        text.append("producer ").append(producer.isEmpty() ? "(unset)" : producer).append('\n');
        return text.toString();
    }

    private static TensorInfo tensorInfo(ValueInfoProto value) {
        TypeProto type = value.getType();
        if (!type.hasTensorType()) {
            return new TensorInfo(value.getName(), "?", List.of());
        }
        TypeProto.Tensor tensor = type.getTensorType();
        TensorProto.DataType dataType = TensorProto.DataType.forNumber(tensor.getElemType());
        String elementType = dataType == null ? "type#" + tensor.getElemType() : dataType.name();
        List<String> shape = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
            if (d.hasDimValue()) {
                shape.add(Long.toString(d.getDimValue()));
            } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                shape.add(d.getDimParam());
            } else {
                shape.add("?");
            }
        }
        return new TensorInfo(value.getName(), elementType, shape);
    }
}
