package io.hardneg.job;

/** A JSON record with the Kafka key it is written under. */
public final class KeyedJson {
    public String key;
    public String json;

    public KeyedJson() {}

    public KeyedJson(String key, String json) {
        this.key = key;
        this.json = json;
    }
}
