package dev.lodestone.dashboard.streams;

import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.platform.kafka.streams.Wakeup;
import java.time.Duration;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When a task publishes its dashboard part: an interval after a change, and while nothing changes only every
 * {@link DashboardPart#HEARTBEAT_INTERVALS} intervals, so that readers still see the task alive (they drop a
 * part older than {@link DashboardPart#STALE_INTERVALS}) without an idle engine punctuating every second
 * ({@link Wakeup}).
 */
final class Publication {

    private final Wakeup wakeup;
    private final long heartbeatMs;

    Publication(ProcessorContext<?, ?> context, Duration interval, Punctuator publish) {
        this.wakeup = new Wakeup(context, interval, publish);
        this.heartbeatMs = interval.toMillis() * DashboardPart.HEARTBEAT_INTERVALS;
        // A task (re)assigned publishes its part after one interval, as after a change.
        wakeup.soon();
    }

    /** A record changed the part: it is published within an interval. */
    void changed() {
        wakeup.soon();
    }

    /**
     * Arms the next publication, after the one at {@code nowMs}: in an interval if the part still changes by
     * itself ({@code changing}, a rate window not yet empty), else at the heartbeat or at {@code dueMs} if
     * earlier (when a value will change by itself, an active shopper's expiry). A record arms it sooner.
     */
    void published(long nowMs, boolean changing, long dueMs) {
        if (changing) {
            wakeup.soon();
        } else {
            wakeup.by(Math.min(nowMs + heartbeatMs, dueMs));
        }
    }

    /** {@link #published(long, boolean, long)} for a part that changes only with records. */
    void published(long nowMs) {
        published(nowMs, false, Long.MAX_VALUE);
    }
}
