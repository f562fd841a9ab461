package io.hardneg.job;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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
     * Encodes vectors into buffers it keeps, one set per vector length (a result has two or three
     * lengths: embedding, window, gradient). A 30 KB result allocated a byte buffer and a base64
     * array per vector; this allocates nothing once each length has been seen. Not thread-safe.
     */
    public static final class Encoder {
        private static final int MAX_LENGTHS = 4;

        private final Scratch[] scratches = new Scratch[MAX_LENGTHS];
        private int next;

        /**
         * The base64 text of the vector as ASCII bytes (no JSON escaping needed, so a generator can
         * write it as it is between quotes), in an array that has exactly that length and that the
         * next call with a vector of the same length overwrites: copy it before keeping it.
         */
        public byte[] encodeAscii(float[] values) {
            Scratch s = scratch(values.length);
            s.floats.clear();
            s.floats.put(values);
            int written = Base64.getEncoder().encode(s.raw, s.encoded);
            assert written == s.encoded.length;
            return s.encoded;
        }

        private Scratch scratch(int length) {
            for (Scratch s : scratches) {
                if (s != null && s.length == length) {
                    return s;
                }
            }
            // More lengths than slots only if a caller mixes many sizes: replace round robin.
            Scratch s = new Scratch(length);
            scratches[next] = s;
            next = (next + 1) % MAX_LENGTHS;
            return s;
        }

        private static final class Scratch {
            final int length;
            final byte[] raw;
            final FloatBuffer floats;
            final byte[] encoded;

            Scratch(int length) {
                this.length = length;
                this.raw = new byte[length * 4];
                this.floats = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                this.encoded = new byte[4 * ((raw.length + 2) / 3)]; // padded: 4 per 3 bytes
            }
        }
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
