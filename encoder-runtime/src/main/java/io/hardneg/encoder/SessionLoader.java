package io.hardneg.encoder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an ONNX Runtime session on the device that {@link EncoderOptions#device()} asks for:
 * {@code cpu}, {@code cuda:N} (fails if CUDA is not usable) or {@code auto} (CUDA device 0, else
 * CPU with one INFO line saying why).
 */
final class SessionLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLoader.class);

    /** Model versions whose CPU fallback this process has already explained. */
    private static final Set<String> FALLBACK_LOGGED = ConcurrentHashMap.newKeySet();

    private SessionLoader() {}

    /** An open session with its options and the device it runs on; closed together. */
    record Loaded(OrtSession session, SessionOptions options, String device) {
        void close() {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing a session failed", e);
            } finally {
                options.close();
            }
        }
    }

    static Loaded load(OrtEnvironment env, EncoderModel model, EncoderOptions options)
            throws EncoderException {
        int cudaIndex = options.cudaDeviceIndex();
        if (cudaIndex >= 0) {
            return loadOnCuda(env, model, options, cudaIndex);
        }
        if (options.device().equals("cpu")) {
            return loadOnCpu(env, model, options);
        }
        // auto: CUDA device 0 if this runtime and machine have it, else CPU.
        try {
            return loadOnCuda(env, model, options, 0);
        } catch (EncoderException cudaFailure) {
            // Load on CPU first: if the model itself is broken, that error is the one to report,
            // and the line below would be misleading.
            Loaded cpu = loadOnCpu(env, model, options);
            if (!FALLBACK_LOGGED.add(model.version())) {
                // Checked at start and loaded again by each task manager process: say it once.
                return cpu;
            }
            LOG.info(
                    "{}=auto: running encoder {} on CPU because CUDA is not usable ({})",
                    EncoderOptions.DEVICE_KEY,
                    model.version(),
                    rootMessage(cudaFailure));
            return cpu;
        }
    }

    private static Loaded loadOnCuda(
            OrtEnvironment env, EncoderModel model, EncoderOptions options, int index)
            throws EncoderException {
        String device = "cuda:" + index;
        SessionOptions so = baseOptions(options);
        try {
            so.addCUDA(index);
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw new EncoderException(
                    "'"
                            + EncoderOptions.DEVICE_KEY
                            + "' is '"
                            + options.device()
                            + "' but CUDA device "
                            + index
                            + " is not usable: "
                            + e.getMessage()
                            + ". Run with the GPU build of ONNX Runtime (Maven profile 'gpu',"
                            + " artifact onnxruntime_gpu, needs CUDA 12 and cuDNN 9) on a machine"
                            + " with that device, or set '"
                            + EncoderOptions.DEVICE_KEY
                            + "' to 'cpu' or 'auto'",
                    e);
        }
        return createSession(env, model, so, device);
    }

    private static Loaded loadOnCpu(OrtEnvironment env, EncoderModel model, EncoderOptions options)
            throws EncoderException {
        return createSession(env, model, baseOptions(options), "cpu");
    }

    private static Loaded createSession(
            OrtEnvironment env, EncoderModel model, SessionOptions so, String device)
            throws EncoderException {
        try {
            return new Loaded(env.createSession(model.bytesUnsafe(), so), so, device);
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw new EncoderException(
                    "could not load model '"
                            + model.name()
                            + "' ("
                            + model.version()
                            + ") on "
                            + device
                            + ": "
                            + e.getMessage()
                            + ". Check that the file is an ONNX model whose opset this ONNX Runtime"
                            + " version supports",
                    e);
        }
    }

    private static SessionOptions baseOptions(EncoderOptions options) throws EncoderException {
        SessionOptions so = new SessionOptions();
        try {
            so.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            return so;
        } catch (OrtException e) {
            so.close();
            throw new EncoderException("invalid session options " + options + ": " + e, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
