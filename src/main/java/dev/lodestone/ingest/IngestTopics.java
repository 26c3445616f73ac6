package dev.lodestone.ingest;

import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The intake's topics: raw shopper events and the ones the decode stage could not accept. {@code docs/architecture.md} registers each of them. */
public final class IngestTopics {

    /** Raw shopper events as accepted by the intake; bytes, because anyone may write garbage here. */
    public static final Topic<String, byte[]> SHOPPER_EVENTS =
            new Topic<>("shopper-events", Serdes.String(), Serdes.ByteArray(), false, Duration.ofDays(7));

    /** Records of {@code shopper-events} that could not be decoded or validated, reason in headers. */
    public static final Topic<String, byte[]> SHOPPER_EVENTS_DLQ =
            new Topic<>("shopper-events-dlq", Serdes.String(), Serdes.ByteArray(), false, Duration.ofDays(30));

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(SHOPPER_EVENTS, SHOPPER_EVENTS_DLQ);

    private IngestTopics() {}
}
