package io.hardneg.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KeyedJsonTypeTest {
    private final TypeSerializer<KeyedJson> serializer =
            TypeInformation.of(KeyedJson.class).createSerializer(new SerializerConfigImpl());

    @Test
    void flinkUsesTheTypeThatCopiesNothing() {
        assertThat(TypeInformation.of(KeyedJson.class)).isInstanceOf(KeyedJsonType.class);
        KeyedJson record = new KeyedJson("AAA@2013-01-02T00:00:00Z", new byte[30_000], 1, "m@1");

        assertThat(serializer.copy(record)).isSameAs(record);
        assertThat(serializer.copy(record, new KeyedJson())).isSameAs(record);
    }

    @Test
    void serializedRecordsReadBackFieldByField() throws Exception {
        KeyedJson full =
                new KeyedJson(
                        "k\u00e9y",
                        "{\"a\":\"T\u00e9l\"}".getBytes(StandardCharsets.UTF_8),
                        3,
                        "m@1");
        KeyedJson bare = new KeyedJson(null, new byte[0], 1, null);

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(full, out);
        serializer.serialize(bare, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        KeyedJson a = serializer.deserialize(in);
        KeyedJson b = serializer.deserialize(new KeyedJson(), in);

        assertThat(a.key).isEqualTo("k\u00e9y");
        assertThat(a.value).isEqualTo(full.value);
        assertThat(a.schema).isEqualTo(3);
        assertThat(a.modelVersion).isEqualTo("m@1");
        assertThat(b.key).isNull();
        assertThat(b.value).isEmpty();
        assertThat(b.schema).isEqualTo(1);
        assertThat(b.modelVersion).isNull();
        assertThat(in.available()).isZero();
    }
}
