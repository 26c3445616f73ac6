package dev.lodestone.platform.kafka;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for values read far more often than they change (a global table looked up on every event):
 * the same bytes decode to the same object, so a decoded value is kept by its bytes and returned again
 * while the bytes read are equal. Comparing a few hundred bytes costs a fraction of parsing them.
 *
 * <p>Only for values nobody mutates: one object is handed to every reader, on every stream thread. At
 * most {@code capacity} values are kept; past it the memo starts again (a catalog fits, a churn
 * cannot grow the heap).
 */
public final class RecurringValueSerde<V> implements Serde<V> {

    private record Decoded<V>(byte[] bytes, V value) {}

    private final Serde<V> inner;
    private final int capacity;
    private final Map<Integer, Decoded<V>> memo = new ConcurrentHashMap<>();

    public RecurringValueSerde(Serde<V> inner, int capacity) {
        this.inner = inner;
        this.capacity = capacity;
    }

    @Override
    public Serializer<V> serializer() {
        return inner.serializer();
    }

    @Override
    public Deserializer<V> deserializer() {
        Deserializer<V> decode = inner.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return decode.deserialize(topic, null);
            }
            int hash = Arrays.hashCode(bytes);
            Decoded<V> known = memo.get(hash);
            if (known != null && Arrays.equals(known.bytes(), bytes)) {
                return known.value();
            }
            V value = decode.deserialize(topic, bytes);
            if (memo.size() >= capacity) {
                memo.clear();
            }
            memo.put(hash, new Decoded<>(bytes.clone(), value));
            return value;
        };
    }
}
