package dev.lodestone.platform.kafka;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic with the serdes of its key and value, so no stage reads or writes it with the wrong ones.
 *
 * @param compacted keep the latest value per key forever (tables), instead of deleting by time
 * @param retention how long records are kept on a non-compacted topic; ignored when compacted
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, Duration retention) {

    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde).withName(name + "-source");
    }

    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde).withName(name + "-sink");
    }

    /** A value read from this topic by a plain consumer (a projection), with this topic's serde. */
    public V readValue(byte[] data) {
        return valueSerde.deserializer().deserialize(name, data);
    }

    /** Writes {@code stream} to this topic through a sink named {@code sinkName}. */
    public void write(KStream<K, V> stream, String sinkName) {
        stream.to(name, produced().withName(sinkName));
    }
}
