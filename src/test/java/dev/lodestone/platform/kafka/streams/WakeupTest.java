package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WakeupTest {

    private static final long NOW = 1_000_000L;

    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final List<Long> fired = new ArrayList<>();
    private Wakeup wakeup;

    @BeforeEach
    void setUp() {
        context.setCurrentSystemTimeMs(NOW);
        wakeup = new Wakeup(context, Duration.ofSeconds(1), fired::add);
    }

    @Test
    void schedulesNothingUntilArmed() {
        assertTrue(context.scheduledPunctuators().isEmpty());
        assertFalse(wakeup.armed());
    }

    @Test
    void armsOnceForABurstOfWork() {
        wakeup.soon();
        wakeup.soon();
        wakeup.by(NOW + 5_000);

        assertEquals(1, context.scheduledPunctuators().size());
        CapturedPunctuator scheduled = context.scheduledPunctuators().get(0);
        assertEquals(Duration.ofSeconds(1), scheduled.getInterval());
        assertEquals(PunctuationType.WALL_CLOCK_TIME, scheduled.getType());
    }

    @Test
    void anEarlierDeadlineReplacesALaterOne() {
        wakeup.by(NOW + 60_000);
        wakeup.by(NOW + 3_000);

        List<CapturedPunctuator> scheduled = context.scheduledPunctuators();
        assertEquals(2, scheduled.size());
        assertTrue(scheduled.get(0).cancelled());
        assertEquals(Duration.ofSeconds(3), scheduled.get(1).getInterval());
        assertFalse(scheduled.get(1).cancelled());
    }

    @Test
    void neverSoonerThanTheMinimumDelay() {
        wakeup.by(NOW - 10_000);

        assertEquals(
                Duration.ofSeconds(1), context.scheduledPunctuators().get(0).getInterval());
    }

    @Test
    void aDistantDueTimeIsReachedInStepsOfTheHorizon() {
        wakeup.by(NOW + Duration.ofDays(14).toMillis());

        assertEquals(Wakeup.HORIZON, context.scheduledPunctuators().get(0).getInterval());
    }

    @Test
    void firesOnceThenStaysQuietUntilArmedAgain() {
        wakeup.soon();
        CapturedPunctuator scheduled = context.scheduledPunctuators().get(0);

        scheduled.getPunctuator().punctuate(NOW + 1_000);

        assertEquals(List.of(NOW + 1_000), fired);
        assertTrue(scheduled.cancelled(), "a punctuation that is not cancelled runs again every interval");
        assertFalse(wakeup.armed());
        wakeup.soon();
        assertEquals(2, context.scheduledPunctuators().size());
    }
}
