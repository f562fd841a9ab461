package io.hardneg.job;

/**
 * A JSON record with the Kafka key it is written under and the versions that travel as record
 * headers ({@code hardneg.schema}, {@code hardneg.model-version}).
 */
public final class KeyedJson {
    public String key;
    public String json;
    public int schema = 1;

    /** The encoder version of a result; null for records that carry none. */
    public String modelVersion;

    public KeyedJson() {}

    public KeyedJson(String key, String json) {
        this.key = key;
        this.json = json;
    }

    public KeyedJson(String key, String json, int schema, String modelVersion) {
        this(key, json);
        this.schema = schema;
        this.modelVersion = modelVersion;
    }
}
