package io.hardneg.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in CNN written out as plain loops, independent of ONNX Runtime: weights are read back
 * from the model's initializers and the forward pass is accumulated in double.
 */
final class ReferenceForwardPass {

    private final Map<String, float[]> weights = new HashMap<>();
    private final Map<String, long[]> dims = new HashMap<>();

    ReferenceForwardPass(byte[] modelBytes) throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(modelBytes);
        for (TensorProto t : model.getGraph().getInitializerList()) {
            float[] values;
            if (!t.getRawData().isEmpty()) {
                FloatBuffer raw =
                        t.getRawData()
                                .asReadOnlyByteBuffer()
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .asFloatBuffer();
                values = new float[raw.remaining()];
                raw.get(values);
            } else {
                values = new float[t.getFloatDataCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getFloatData(i);
                }
            }
            weights.put(t.getName(), values);
            dims.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
    }

    float[] weights(String name) {
        return weights.get(name).clone();
    }

    long[] dims(String name) {
        return dims.get(name);
    }

    /** Embeds one channel-major window of {@code channels x length} values. */
    float[] embed(float[] window, int channels, int length) {
        double[][] x = new double[channels][length];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < length; t++) {
                x[c][t] = window[c * length + t];
            }
        }
        x = maxPool(relu(conv(x, "conv1")));
        x = maxPool(relu(conv(x, "conv2")));
        x = relu(conv(x, "conv3"));
        double[] pooled = new double[x.length];
        for (int c = 0; c < x.length; c++) {
            double sum = 0;
            for (double v : x[c]) {
                sum += v;
            }
            pooled[c] = sum / x[c].length;
        }
        double[] hidden = linear(pooled, "fc1");
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = Math.max(0.0, hidden[i]);
        }
        double[] out = linear(hidden, "fc2");
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = (float) out[i];
        }
        return result;
    }

    /** Kernel 3, padding 1, stride 1; weight [out, in, 3]. */
    private double[][] conv(double[][] x, String layer) {
        float[] w = weights.get(layer + ".weight");
        float[] b = weights.get(layer + ".bias");
        int in = x.length;
        int length = x[0].length;
        int out = b.length;
        double[][] y = new double[out][length];
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < length; t++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    for (int k = 0; k < 3; k++) {
                        int src = t + k - 1;
                        if (src >= 0 && src < length) {
                            sum += w[(o * in + i) * 3 + k] * x[i][src];
                        }
                    }
                }
                y[o][t] = sum;
            }
        }
        return y;
    }

    private static double[][] relu(double[][] x) {
        for (double[] row : x) {
            for (int t = 0; t < row.length; t++) {
                row[t] = Math.max(0.0, row[t]);
            }
        }
        return x;
    }

    /** Kernel 2, stride 2, the trailing odd step dropped. */
    private static double[][] maxPool(double[][] x) {
        int length = x[0].length / 2;
        double[][] y = new double[x.length][length];
        for (int c = 0; c < x.length; c++) {
            for (int t = 0; t < length; t++) {
                y[c][t] = Math.max(x[c][2 * t], x[c][2 * t + 1]);
            }
        }
        return y;
    }

    /** y = W x + b with W stored [out, in]. */
    private double[] linear(double[] x, String layer) {
        float[] w = weights.get(layer + ".weight");
        float[] b = weights.get(layer + ".bias");
        double[] y = new double[b.length];
        for (int o = 0; o < b.length; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += w[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }
}
