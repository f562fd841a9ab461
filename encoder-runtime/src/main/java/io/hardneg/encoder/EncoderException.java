package io.hardneg.encoder;

/**
 * A model could not be loaded, did not fit the job's windows, or failed to run. The message says
 * what went wrong and what to change.
 */
public class EncoderException extends Exception {
    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
