package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SortableTimeTest {

    @Test
    void shouldWriteWhatTheFormatPatternWrote() {
        for (long time : new long[] {
            0, 7, 1_000, 1_764_000_000L, 1_764_000_000_123L, 9_999_999_999_999L, 10_000_000_000_000L, -1, Long.MAX_VALUE
        }) {
            assertEquals(String.format("%013d", time), SortableTime.of(time), "time " + time);
        }
    }

    @Test
    void shouldSortAsTheTimesDo() {
        assertEquals(-1, Integer.signum(SortableTime.of(999).compareTo(SortableTime.of(1_000))));
        assertEquals(
                -1, Integer.signum(SortableTime.of(1_764_000_000_123L).compareTo(SortableTime.of(1_764_000_000_124L))));
    }
}
