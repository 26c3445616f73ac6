package dev.lodestone.platform.kafka.streams;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends a record to every partition of a topic: how a request about a shopper reaches state that is
 * partitioned by something else (a gift, a group, a drop), each partition finding the shopper's part
 * through its own index.
 */
public final class Broadcast {

    private Broadcast() {}

    /** A partitioner that names every partition of the topic. */
    public static <K, V> StreamPartitioner<K, V> everyPartition() {
        return (topic, key, value, partitions) -> Optional.of(all(partitions));
    }

    private static Set<Integer> all(int partitions) {
        return IntStream.range(0, Math.max(1, partitions)).boxed().collect(Collectors.toSet());
    }
}
