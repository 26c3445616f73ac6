package dev.lodestone.platform.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Records fetched by each projection consumer versus records written to Redis, per partition.
 *
 * <p>A consumer's position runs ahead of what is in Redis by whatever sits in the connector's queue;
 * committed offsets run behind it by the transaction markers of {@code read_committed} topics. When
 * nothing fetched is still being written, the position is exactly how far Redis is: that is when
 * the monitor measures. Static because the Kafka client instantiates the fetch interceptor itself.
 */
public final class ProjectionProgress {

    private static final Map<TopicPartition, Counts> COUNTS = new ConcurrentHashMap<>();

    private ProjectionProgress() {}

    private record Counts(AtomicLong fetched, AtomicLong applied) {
        Counts() {
            this(new AtomicLong(), new AtomicLong());
        }
    }

    /** Called by {@link ProjectionFetches} on the polling thread with every non-empty poll. */
    static void fetched(ConsumerRecords<?, ?> records) {
        for (TopicPartition partition : records.partitions()) {
            counts(partition).fetched().addAndGet(records.records(partition).size());
        }
    }

    /** Called by a projection once every record of a polled batch is in Redis. */
    public static void applied(ConsumerRecords<?, ?> records) {
        for (TopicPartition partition : records.partitions()) {
            counts(partition).applied().addAndGet(records.records(partition).size());
        }
    }

    /** Records of the partition fetched but not yet written. */
    static long inFlight(TopicPartition partition) {
        Counts counts = COUNTS.get(partition);
        return counts == null
                ? 0
                : Math.max(0, counts.fetched().get() - counts.applied().get());
    }

    /** Forgets everything: the consumers of a stopped application never write what they had fetched. */
    static void reset() {
        COUNTS.clear();
    }

    private static Counts counts(TopicPartition partition) {
        return COUNTS.computeIfAbsent(partition, p -> new Counts());
    }
}
