package io.hardneg.encoder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how an encoder session runs.
 *
 * @param device {@code auto} (CUDA when available, else CPU), {@code cpu}, {@code cuda} (device 0)
 *     or {@code cuda:N}; the job's configuration key is {@code encoder.device}
 * @param intraOpThreads threads one operator may use, at least 1
 * @param interOpThreads threads for independent operators, at least 1
 */
public record EncoderOptions(String device, int intraOpThreads, int interOpThreads) {

    /** The configuration key whose value becomes {@link #device()}. */
    public static final String DEVICE_KEY = "encoder.device";

    private static final Pattern DEVICE = Pattern.compile("auto|cpu|cuda(?::(\\d{1,4}))?");

    public EncoderOptions {
        if (device == null || !DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException(
                    "invalid device '"
                            + device
                            + "' for '"
                            + DEVICE_KEY
                            + "': expected one of auto, cpu, cuda, cuda:N (N a device index such"
                            + " as 0)");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException(
                    "interOpThreads must be at least 1, got " + interOpThreads);
        }
    }

    /** Device {@code auto}, one intra-op and one inter-op thread. */
    public static EncoderOptions defaults() {
        return new EncoderOptions("auto", 1, 1);
    }

    /**
     * The CUDA device index for {@code cuda}/{@code cuda:N}, or -1 for {@code cpu}/{@code auto}.
     */
    int cudaDeviceIndex() {
        Matcher m = DEVICE.matcher(device);
        if (!m.matches() || !device.startsWith("cuda")) {
            return -1;
        }
        return m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    }
}
