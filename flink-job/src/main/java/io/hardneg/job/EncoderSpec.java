package io.hardneg.job;

import io.hardneg.config.HardnegConfig;
import io.hardneg.config.HardnegOptions;
import io.hardneg.encoder.EncoderException;
import io.hardneg.encoder.EncoderModel;
import io.hardneg.encoder.EncoderOptions;
import io.hardneg.encoder.OnnxWindowEncoder;
import io.hardneg.encoder.SharedEncoders;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/** What the embedding stage needs to open its encoder on a task manager. */
public final class EncoderSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final java.util.Map<Long, EncoderModel> BUILTIN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final String modelPath;
    private final String device;
    private final int threads;
    private final int channels;
    private final int windowLength;

    public EncoderSpec(
            String modelPath, String device, int threads, int channels, int windowLength) {
        this.modelPath = modelPath;
        this.device = device;
        this.threads = threads;
        this.channels = channels;
        this.windowLength = windowLength;
    }

    public static EncoderSpec from(HardnegConfig config) {
        return new EncoderSpec(
                config.get(HardnegOptions.ENCODER_MODEL),
                config.get(HardnegOptions.ENCODER_DEVICE),
                config.get(HardnegOptions.ENCODER_THREADS),
                config.get(HardnegOptions.FEATURES).size(),
                config.get(HardnegOptions.WINDOW_LENGTH));
    }

    public String modelPath() {
        return modelPath == null ? "" : modelPath;
    }

    public String device() {
        return device;
    }

    /** The model this spec names: the file, or the built-in CNN for these shapes. */
    public EncoderModel model() throws IOException {
        if (modelPath == null || modelPath.isEmpty()) {
            // Building the built-in model runs its calibration (a forward pass over 512 windows
            // in plain Java, about a second here): once per process is enough.
            return BUILTIN.computeIfAbsent(
                    channels * 100_000L + windowLength,
                    k -> EncoderModel.builtin(channels, windowLength));
        }
        return EncoderModel.fromFile(Path.of(modelPath));
    }

    /**
     * A lease on the session of this model shared by every subtask in this process; fails with the
     * shapes when the model does not fit the windows.
     */
    public SharedEncoders.Lease acquire() throws IOException, EncoderException {
        return SharedEncoders.acquire(
                model(), channels, windowLength, new EncoderOptions(device, threads, 1));
    }

    /** A lease on the shared session of another model with this spec's shapes and device. */
    public SharedEncoders.Lease acquire(EncoderModel model) throws EncoderException {
        return SharedEncoders.acquire(
                model, channels, windowLength, new EncoderOptions(device, threads, 1));
    }

    /** Opens a session of its own; fails with the shapes when the model does not fit. */
    public OnnxWindowEncoder open() throws IOException, EncoderException {
        return OnnxWindowEncoder.open(
                model(), channels, windowLength, new EncoderOptions(device, threads, 1));
    }
}
