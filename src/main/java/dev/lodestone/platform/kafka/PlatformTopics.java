package dev.lodestone.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Topics of the platform itself, whatever features run. {@code docs/architecture.md} registers each of them. */
public final class PlatformTopics {

    /**
     * Records of any other topic the topology could not read, process or write (exception handlers,
     * {@code DeadLetterHandler}): raw key and value as read, the reason and origin in headers.
     */
    public static final Topic<byte[], byte[]> STREAMS_DLQ =
            new Topic<>("streams-dlq", Serdes.ByteArray(), Serdes.ByteArray(), false, Duration.ofDays(30));

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(STREAMS_DLQ);

    private PlatformTopics() {}
}
