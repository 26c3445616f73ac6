package dev.lodestone.platform.kafka.streams;

/** The headers every dead-lettered record carries, whichever stage parked it. */
public final class DeadLetterHeaders {

    public static final String REASON = "lodestone.dlq.reason";
    public static final String TOPIC = "lodestone.dlq.topic";
    public static final String PARTITION = "lodestone.dlq.partition";
    public static final String OFFSET = "lodestone.dlq.offset";
    /** The processor that failed, on records parked by the exception handlers. */
    public static final String PROCESSOR = "lodestone.dlq.processor";

    private DeadLetterHeaders() {}
}
