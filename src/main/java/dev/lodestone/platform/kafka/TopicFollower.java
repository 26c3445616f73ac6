package dev.lodestone.platform.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of one topic in this instance, without a consumer group, on its own thread:
 * for state each instance needs whole (points replies for whichever instance holds the HTTP call,
 * the in-process catalog). Only committed records are read. Nothing is committed: a restart starts
 * again from the beginning or the end, as asked.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** How long a follower waits for its topic's partitions at start. */
    private static final Duration PARTITIONS_WITHIN = Duration.ofSeconds(60);

    /** Where a follower starts reading on every start. */
    public enum Start {
        BEGINNING,
        END
    }

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Thread thread;
    private volatile Map<TopicPartition, Long> catchUpTo;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    private TopicFollower(
            String bootstrapServers, String topic, Start start, Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.topic = topic;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "lodestone-follow-" + topic),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        if (start == Start.BEGINNING) {
            consumer.seekToBeginning(partitions);
            catchUpTo = consumer.endOffsets(partitions);
        } else {
            consumer.seekToEnd(partitions);
            caughtUp = true;
        }
        // Resolve the positions now, so that nothing published after this returns is missed.
        partitions.forEach(consumer::position);
        this.thread =
                Thread.ofPlatform().daemon().name("lodestone-follow-" + topic).start(this::run);
    }

    /**
     * The topic's partitions, waiting for them while the topic is being created: an instance that starts
     * beside others (an api instance beside the streams instances) can find a topic another one is still
     * creating, and the consumer answers an empty list for a topic its metadata does not know yet.
     * Following no partition would never fail, only miss every record (a points decision would then be
     * heard only from Redis, at the reply timeout).
     */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + PARTITIONS_WITHIN.toNanos();
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, PARTITIONS_WITHIN).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("Topic " + topic + " has no partitions after " + PARTITIONS_WITHIN);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                consumer.close();
                throw new IllegalStateException("Interrupted while waiting for the partitions of " + topic, e);
            }
        }
    }

    /** Starts following {@code topic}; {@code handler} runs on the follower's thread, one record at a time. */
    public static TopicFollower start(
            String bootstrapServers, String topic, Start start, Consumer<ConsumerRecord<String, byte[]>> handler) {
        return new TopicFollower(bootstrapServers, topic, start, handler);
    }

    /** True once everything that was in the topic when the follower started has been handled. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warnf("Skipping an unreadable record of %s at offset %d: %s", topic, record.offset(), e);
                    }
                }
                if (!caughtUp) {
                    caughtUp =
                            catchUpTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
