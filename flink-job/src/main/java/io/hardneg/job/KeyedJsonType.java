package io.hardneg.job;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's type for {@link KeyedJson}: a record is never changed once built, so copying one (what
 * Flink does between chained operators when object reuse is off) hands over the same instance. As a
 * POJO, every 30 KB result was copied once more on its way from mine-negatives to the chained Kafka
 * sink. Not used for keyed or operator state.
 */
public final class KeyedJsonType extends TypeInformation<KeyedJson> {
    private static final long serialVersionUID = 1L;

    /** Makes {@link KeyedJson} use this type wherever Flink extracts one. */
    public static final class Factory extends TypeInfoFactory<KeyedJson> {
        @Override
        public TypeInformation<KeyedJson> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new KeyedJsonType();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<KeyedJson> getTypeClass() {
        return KeyedJson.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyedJson> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "KeyedJson";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedJsonType;
    }

    @Override
    public int hashCode() {
        return KeyedJsonType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof KeyedJsonType;
    }

    /** Key, value bytes, schema, model version; copies are the record itself. */
    public static final class Serializer extends TypeSerializerSingleton<KeyedJson> {
        private static final long serialVersionUID = 1L;

        static final Serializer INSTANCE = new Serializer();

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public KeyedJson createInstance() {
            return new KeyedJson();
        }

        @Override
        public KeyedJson copy(KeyedJson from) {
            return from;
        }

        @Override
        public KeyedJson copy(KeyedJson from, KeyedJson reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(KeyedJson record, DataOutputView target) throws IOException {
            StringValue.writeString(record.key, target);
            target.writeInt(record.value.length);
            target.write(record.value);
            target.writeInt(record.schema);
            StringValue.writeString(record.modelVersion, target);
        }

        @Override
        public KeyedJson deserialize(DataInputView source) throws IOException {
            String key = StringValue.readString(source);
            byte[] value = new byte[source.readInt()];
            source.readFully(value);
            int schema = source.readInt();
            return new KeyedJson(key, value, schema, StringValue.readString(source));
        }

        @Override
        public KeyedJson deserialize(KeyedJson reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }

        @Override
        public TypeSerializerSnapshot<KeyedJson> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** The serializer has no configuration: any snapshot restores the one serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyedJson> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
