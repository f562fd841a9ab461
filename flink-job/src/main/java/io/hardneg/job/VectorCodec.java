package io.hardneg.job;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The compact form of vectors in results: the float32 values, little-endian, base64-encoded (RFC
 * 4648, with padding). In Python: {@code numpy.frombuffer(base64.b64decode(s), "<f4")}.
 */
public final class VectorCodec {
    /** Value of a result's {@code vectors} field when vectors are written this way. */
    public static final String BASE64_F32LE = "base64-f32le";

    private VectorCodec() {}

    /**
     * The base64 text of the vector as ASCII bytes: it needs no JSON escaping, so a generator can
     * write it as it is between quotes.
     */
    public static byte[] encodeAscii(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return Base64.getEncoder().encode(buffer.array());
    }

    public static float[] decode(String text) {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException(
                    "a base64-f32le vector must decode to a multiple of 4 bytes, got "
                            + bytes.length);
        }
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
