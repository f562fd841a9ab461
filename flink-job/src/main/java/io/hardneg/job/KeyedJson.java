package io.hardneg.job;

import java.nio.charset.StandardCharsets;

/**
 * A JSON record, as the UTF-8 bytes of the Kafka record value, with the Kafka key it is written
 * under and the versions that travel as record headers ({@code hardneg.schema}, {@code
 * hardneg.model-version}).
 *
 * <p>The value is handed to the Kafka serializer as it is: whoever builds a record gives it an
 * array of its own and does not write to it afterwards.
 */
public final class KeyedJson {
    public String key;

    /** The JSON text, UTF-8. */
    public byte[] value;

    public int schema = 1;

    /** The encoder version of a result; null for records that carry none. */
    public String modelVersion;

    public KeyedJson() {}

    public KeyedJson(String key, String json) {
        this(key, json.getBytes(StandardCharsets.UTF_8), 1, null);
    }

    public KeyedJson(String key, byte[] value, int schema, String modelVersion) {
        this.key = key;
        this.value = value;
        this.schema = schema;
        this.modelVersion = modelVersion;
    }

    /** The value as text. */
    public String json() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
