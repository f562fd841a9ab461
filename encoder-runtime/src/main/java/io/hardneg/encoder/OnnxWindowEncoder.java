package io.hardneg.encoder;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session for one model, embedding batches of windows.
 *
 * <p>Thread-safe: concurrent {@link #embed} calls run concurrently (ONNX Runtime sessions allow
 * it), each with its own input buffer. {@link #close()} waits for calls in flight; a call after
 * close throws {@link IllegalStateException}. The caller that opened the encoder owns it and closes
 * it.
 *
 * <p>On the CPU execution provider a window's embedding does not depend on the batch it is in: a
 * window embedded alone and inside a batch of 32 give bitwise-equal outputs (checked by {@code
 * OnnxWindowEncoderTest}), so batching is not a source of nondeterminism there.
 */
public final class OnnxWindowEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxWindowEncoder.class);

    private final EncoderModel model;
    private final int channels;
    private final int windowLength;
    private final int windowSize;
    private final String device;
    private final OrtEnvironment env;
    private final SessionOptions sessionOptions;
    private final OrtSession session;
    private final ShapeCheck.Signature signature;

    /** Direct input buffers, one per concurrent caller, reused across calls. */
    private final ConcurrentLinkedQueue<FloatBuffer> buffers = new ConcurrentLinkedQueue<>();

    /** Read-held by embed calls, write-held by close, so a session is never freed mid-run. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private boolean closed;

    private OnnxWindowEncoder(
            EncoderModel model,
            int channels,
            int windowLength,
            String device,
            OrtEnvironment env,
            SessionOptions sessionOptions,
            OrtSession session,
            ShapeCheck.Signature signature) {
        this.model = model;
        this.channels = channels;
        this.windowLength = windowLength;
        this.windowSize = channels * windowLength;
        this.device = device;
        this.env = env;
        this.sessionOptions = sessionOptions;
        this.session = session;
        this.signature = signature;
    }

    /**
     * Loads {@code model} on the device that {@code options} asks for and checks that it takes
     * windows {@code [batch, channels, windowLength]} and returns {@code [batch, dimension]}.
     *
     * @throws EncoderException if the device is unavailable, the model does not load, or its shapes
     *     do not fit; the message names the configuration key to change
     */
    public static OnnxWindowEncoder open(
            EncoderModel model, int channels, int windowLength, EncoderOptions options)
            throws EncoderException {
        if (model == null || options == null) {
            throw new IllegalArgumentException("model and options must not be null");
        }
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "channels must be at least 1, got " + channels + " (check 'features')");
        }
        if (windowLength < 1) {
            throw new IllegalArgumentException(
                    "window length must be at least 1, got "
                            + windowLength
                            + " (check 'window.length')");
        }
        if ((long) channels * windowLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a window of " + channels + " x " + windowLength + " values is too large");
        }

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        SessionLoader.Loaded loaded = SessionLoader.load(env, model, options);
        try {
            ShapeCheck.Signature signature =
                    ShapeCheck.check(
                            model.name(),
                            loaded.session().getInputInfo(),
                            loaded.session().getOutputInfo(),
                            channels,
                            windowLength);
            LOG.debug("Opened encoder {} on {}", model.version(), loaded.device());
            return new OnnxWindowEncoder(
                    model,
                    channels,
                    windowLength,
                    loaded.device(),
                    env,
                    loaded.options(),
                    loaded.session(),
                    signature);
        } catch (OrtException e) {
            loaded.close();
            throw new EncoderException(
                    "could not read the inputs and outputs of model '"
                            + model.name()
                            + "': "
                            + e.getMessage(),
                    e);
        } catch (EncoderException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    public int channels() {
        return channels;
    }

    public int windowLength() {
        return windowLength;
    }

    /** Length of each embedding, from the model's output shape. */
    public int dimension() {
        return signature.dimension();
    }

    /** The model's {@link EncoderModel#version()}. */
    public String modelVersion() {
        return model.version();
    }

    /** Where the session runs: {@code "cpu"} or {@code "cuda:N"}. */
    public String device() {
        return device;
    }

    /**
     * Embeds {@code windows[0..count)}.
     *
     * @param windows one window per row, channel-major: channel {@code c} at time {@code t} is at
     *     {@code [c * windowLength + t]}; each row holds exactly {@code channels * windowLength}
     *     values
     * @param count how many rows to embed, {@code 0 <= count <= windows.length}
     * @return the model's raw (not normalised) outputs, {@code float[count][dimension]}
     * @throws EncoderException if ONNX Runtime fails to run the batch
     */
    public float[][] embed(float[][] windows, int count) throws EncoderException {
        if (count < 0 || count > windows.length) {
            throw new IllegalArgumentException(
                    "count " + count + " is outside [0, " + windows.length + "]");
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("encoder " + model.version() + " is closed");
            }
            if (count == 0) {
                return new float[0][];
            }
            FloatBuffer input = take((long) count * windowSize);
            try {
                for (int i = 0; i < count; i++) {
                    float[] window = windows[i];
                    if (window == null || window.length != windowSize) {
                        throw new IllegalArgumentException(
                                "window "
                                        + i
                                        + " has "
                                        + (window == null ? "no values" : window.length + " values")
                                        + ", expected channels x window length = "
                                        + channels
                                        + " x "
                                        + windowLength
                                        + " = "
                                        + windowSize);
                    }
                    input.put(window);
                }
                input.flip();
                return run(input, count);
            } finally {
                buffers.offer(input);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[][] run(FloatBuffer input, int count) throws EncoderException {
        long[] shape = {count, channels, windowLength};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                OrtSession.Result result =
                        session.run(
                                Map.of(signature.inputName(), tensor),
                                Set.of(signature.outputName()))) {
            OnnxValue value = result.get(0);
            float[][] out = (float[][]) value.getValue();
            if (out.length != count || (count > 0 && out[0].length != dimension())) {
                throw new EncoderException(
                        "model '"
                                + model.name()
                                + "' returned "
                                + out.length
                                + " x "
                                + (out.length == 0 ? 0 : out[0].length)
                                + " values for "
                                + count
                                + " windows, expected "
                                + count
                                + " x "
                                + dimension());
            }
            return out;
        } catch (OrtException e) {
            throw new EncoderException(
                    "model '"
                            + model.name()
                            + "' failed on a batch of "
                            + count
                            + " windows on "
                            + device
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** A cleared direct buffer in native order with room for {@code size} floats. */
    private FloatBuffer take(long size) {
        if (size > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException(
                    "a batch of " + size + " values is too large; embed fewer windows per call");
        }
        FloatBuffer buffer = buffers.poll();
        if (buffer == null || buffer.capacity() < size) {
            buffer =
                    ByteBuffer.allocateDirect((int) size * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
        }
        buffer.clear();
        return buffer;
    }

    /** Frees the session; waits for embed calls in flight. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing the session of encoder {} failed", model.version(), e);
            } finally {
                sessionOptions.close();
                buffers.clear();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
