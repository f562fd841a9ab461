package io.hardneg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns an exception chain into one readable line. */
final class Errors {
    /** Messages that only wrap another exception: "java.io.IOException: ...", "Job failed". */
    private static final Pattern WRAPPER =
            Pattern.compile(
                    "^([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(: .*)?$|^Job execution failed.*");

    private Errors() {}

    /**
     * Configuration errors win; otherwise the outermost message that says something of its own,
     * else the deepest one, else the exception's type.
     */
    static String describe(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof io.hardneg.config.ConfigException) {
                return t.getMessage();
            }
        }
        for (Throwable t : chain) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !WRAPPER.matcher(m).matches()) {
                return m;
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return root.getMessage() != null
                ? root.getMessage()
                : root.getClass().getSimpleName() + " (no message)";
    }
}
