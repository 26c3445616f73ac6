package dev.lodestone.platform.kafka.streams;

import java.time.Instant;

/**
 * Event times as epoch milliseconds for the processors' arithmetic, saturating instead of throwing.
 *
 * <p>The validator keeps every accepted time within a few days of the record's timestamp; this is
 * defence in depth for state written before those bounds, so an instant beyond the range of a
 * {@code long} of milliseconds can never throw inside a processor.
 */
public final class EventTime {

    private EventTime() {}

    /** {@code at} in epoch milliseconds, clamped to {@code Long.MIN_VALUE..Long.MAX_VALUE}. */
    public static long millis(Instant at) {
        try {
            return at.toEpochMilli();
        } catch (ArithmeticException overflow) {
            return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code at} in epoch microseconds, clamped like {@link #millis}. */
    public static long micros(Instant at) {
        long millis = millis(at);
        if (millis > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        return millis < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : millis * 1000;
    }

    /** {@code to - from}, clamped instead of wrapping around. */
    public static long between(long from, long to) {
        long difference = to - from;
        // Overflow iff the operands have different signs and the result's sign differs from to's.
        if (((to ^ from) & (to ^ difference)) < 0) {
            return to >= 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return difference;
    }
}
