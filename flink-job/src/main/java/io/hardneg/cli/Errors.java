package io.hardneg.cli;

/** Turns an exception chain into one readable line: the deepest message that says something. */
final class Errors {
    private Errors() {}

    static String describe(Throwable e) {
        Throwable cause = e;
        String best = String.valueOf(e.getMessage());
        while (cause != null) {
            if (cause instanceof io.hardneg.config.ConfigException
                    || cause instanceof io.hardneg.encoder.EncoderException) {
                return cause.getMessage();
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                best = cause.getMessage();
            }
            if (cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        return best;
    }
}
