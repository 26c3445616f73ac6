package dev.lodestone.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownDeadlineTest {

    private static final Duration WANTED = Duration.ofSeconds(2);
    private static final Duration RESERVE = Duration.ofMillis(1500);

    @Test
    void shouldGrantWhatAStepWantsWhileTheBudgetAllows() {
        assertEquals(WANTED, ShutdownDeadline.allow(WANTED, RESERVE, Duration.ofSeconds(4)));
    }

    @Test
    void shouldKeepTheReserveForTheStepsThatFollow() {
        assertEquals(Duration.ofMillis(1500), ShutdownDeadline.allow(WANTED, RESERVE, Duration.ofSeconds(3)));
    }

    @Test
    void shouldGrantNothingOnceOnlyTheReserveIsLeft() {
        assertEquals(Duration.ZERO, ShutdownDeadline.allow(WANTED, RESERVE, Duration.ofSeconds(1)));
        assertEquals(Duration.ZERO, ShutdownDeadline.allow(WANTED, RESERVE, Duration.ZERO));
    }
}
