package io.hardneg.encoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.Map;

/**
 * Checks that a model's declared signature fits the job's windows, before any window reaches it.
 * Every failure names both shapes and the configuration key (or export step) that fixes it.
 */
final class ShapeCheck {

    /** Configuration key that sets the number of channels (one per feature). */
    static final String FEATURES_KEY = "features";

    /** Configuration key that sets the time steps per window. */
    static final String WINDOW_LENGTH_KEY = "window.length";

    private ShapeCheck() {}

    /** The input's name, its embedding output's name and the embedding dimension. */
    record Signature(String inputName, String outputName, int dimension) {}

    static Signature check(
            String modelName,
            Map<String, NodeInfo> inputs,
            Map<String, NodeInfo> outputs,
            int channels,
            int windowLength)
            throws EncoderException {
        String produced = "[batch, " + channels + ", " + windowLength + "]";

        if (inputs.size() != 1) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' has "
                            + inputs.size()
                            + " inputs "
                            + inputs.keySet()
                            + " but the encoder feeds exactly one, float32 windows "
                            + produced
                            + ": export the model with a single input");
        }
        NodeInfo input = inputs.values().iterator().next();
        TensorInfo in = floatTensor(modelName, "input", input);
        long[] shape = in.getShape();
        String expected = render(in);
        if (shape.length != 3) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' expects input "
                            + expected
                            + " but the job produces windows "
                            + produced
                            + " (batch, channels, time): export the model with a rank-3 input");
        }
        if (shape[0] >= 0) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' expects input "
                            + expected
                            + " with a fixed batch of "
                            + shape[0]
                            + " but the encoder embeds windows in batches of varying size: export"
                            + " the model with a dynamic batch axis (torch.onnx.export(...,"
                            + " dynamic_axes={'"
                            + input.getName()
                            + "': {0: 'batch'}}))");
        }
        boolean channelsFit = shape[1] < 0 || shape[1] == channels;
        boolean windowFits = shape[2] < 0 || shape[2] == windowLength;
        if (!channelsFit || !windowFits) {
            StringBuilder fix = new StringBuilder();
            if (!channelsFit) {
                fix.append(FEATURES_KEY)
                        .append(" has ")
                        .append(channels)
                        .append(" channels: change '")
                        .append(FEATURES_KEY)
                        .append("'");
            }
            if (!windowFits) {
                if (fix.length() > 0) {
                    fix.append("; ");
                }
                fix.append(WINDOW_LENGTH_KEY)
                        .append(" is ")
                        .append(windowLength)
                        .append(": change '")
                        .append(WINDOW_LENGTH_KEY)
                        .append("' or export the model for ")
                        .append(windowLength)
                        .append(" steps");
            }
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' expects input "
                            + expected
                            + " but the job produces windows "
                            + produced
                            + " ("
                            + fix
                            + ")");
        }

        if (outputs.size() != 1) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' has "
                            + outputs.size()
                            + " outputs "
                            + outputs.keySet()
                            + " but the encoder reads exactly one, float32 [batch, dimension]:"
                            + " export the model with the embedding as its only output");
        }
        NodeInfo output = outputs.values().iterator().next();
        TensorInfo out = floatTensor(modelName, "output", output);
        long[] outShape = out.getShape();
        if (outShape.length != 2 || outShape[1] < 1) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' outputs "
                            + render(out)
                            + " but the encoder needs embeddings [batch, dimension] with a fixed"
                            + " dimension: flatten the model's output to rank 2 before export");
        }
        if (outShape[1] > Integer.MAX_VALUE) {
            throw new EncoderException(
                    "model '" + modelName + "' has an embedding dimension of " + outShape[1]);
        }
        return new Signature(input.getName(), output.getName(), (int) outShape[1]);
    }

    private static TensorInfo floatTensor(String modelName, String role, NodeInfo node)
            throws EncoderException {
        ValueInfo info = node.getInfo();
        if (!(info instanceof TensorInfo tensor)) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' "
                            + role
                            + " '"
                            + node.getName()
                            + "' is "
                            + info
                            + ", not a tensor: export the model with a float32 tensor "
                            + role);
        }
        if (tensor.type != OnnxJavaType.FLOAT) {
            throw new EncoderException(
                    "model '"
                            + modelName
                            + "' "
                            + role
                            + " '"
                            + node.getName()
                            + "' is "
                            + tensor.type
                            + " "
                            + render(tensor)
                            + " but the encoder works in float32: export the model with a float32 "
                            + role);
        }
        return tensor;
    }

    /** {@code [batch, 4, 64]}: fixed sizes as numbers, dynamic ones by name, else "?". */
    static String render(TensorInfo tensor) {
        long[] shape = tensor.getShape();
        String[] names = tensor.getDimensionNames();
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            if (shape[i] >= 0) {
                text.append(shape[i]);
            } else if (names != null && i < names.length && !names[i].isEmpty()) {
                text.append(names[i]);
            } else {
                text.append(i == 0 ? "batch" : "?");
            }
        }
        return text.append(']').toString();
    }
}
