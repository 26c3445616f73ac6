package dev.lodestone.platform.kafka.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;

/**
 * Bounds what a dead-letter record carries. A source record can be larger than a producer may send
 * (another client wrote it with a larger limit); copied whole, the dead-letter write itself fails and,
 * on the topology's own producer, stops the task. The head of the value is enough to see what it was.
 */
public final class DeadLetterValue {

    /** The most bytes of a parked value kept; the rest is cut and its size noted in a header. */
    public static final int MAX_BYTES = 64 * 1024;

    /** Header holding the original size in bytes of a value that was cut to {@link #MAX_BYTES}. */
    public static final String HEADER_ORIGINAL_BYTES = "lodestone.dlq.original-bytes";

    private DeadLetterValue() {}

    /** The value to park: itself when small enough, else its first {@link #MAX_BYTES} bytes (noted in headers). */
    public static byte[] bounded(byte[] value, Headers headers) {
        if (value == null || value.length <= MAX_BYTES) {
            return value;
        }
        headers.remove(HEADER_ORIGINAL_BYTES);
        headers.add(HEADER_ORIGINAL_BYTES, String.valueOf(value.length).getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(value, MAX_BYTES);
    }
}
