package io.hardneg.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One typed configuration key: its dotted name, its default, a parser from text and a check of the
 * parsed value. A failing parse or check throws {@link ConfigException} naming the key, the value
 * and what is allowed.
 *
 * @param <T> the value's type
 */
public final class ConfigOption<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Parses text into a value; throws IllegalArgumentException with the allowed form. */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(String text);
    }

    /** Checks a parsed value; returns null when valid, else the allowed range as text. */
    @FunctionalInterface
    public interface Check<T> extends Serializable {
        String violation(T value, HardnegConfig config);
    }

    private final String key;
    private final String defaultText;
    private final String description;
    private final Parser<T> parser;
    private final Check<T> check;

    ConfigOption(
            String key, String defaultText, String description, Parser<T> parser, Check<T> check) {
        this.key = Objects.requireNonNull(key);
        this.defaultText = Objects.requireNonNull(defaultText);
        this.description = Objects.requireNonNull(description);
        this.parser = Objects.requireNonNull(parser);
        this.check = check;
    }

    public String key() {
        return key;
    }

    /** The default as written in a config file; may name another key (e.g. `= window.length`). */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    T parse(String text) {
        try {
            return parser.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    String.format("%s=%s is not valid: %s", key, text, e.getMessage()), e);
        }
    }

    void validate(T value, HardnegConfig config) {
        if (check == null) {
            return;
        }
        String violation = check.violation(value, config);
        if (violation != null) {
            throw new ConfigException(
                    String.format(
                            "%s=%s is out of range: %s. Fix it in the config file or with --set %s=...",
                            key, value, violation, key));
        }
    }

    static <T> ConfigOption<T> of(
            String key, String defaultText, String description, Parser<T> parser, Check<T> check) {
        return new ConfigOption<>(key, defaultText, description, parser, check);
    }

    @Override
    public String toString() {
        return key;
    }
}
