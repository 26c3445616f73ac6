package dev.lodestone.platform.kafka.streams;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor's wall-clock punctuation that is scheduled only while the processor has something to do,
 * and for when it is due, instead of a punctuator that runs every interval for ever.
 *
 * <p>Kafka Streams commits every task that punctuated, whether or not the punctuation wrote anything: under
 * exactly-once, punctuators firing every second (or every 100 ms) in every task kept an idle engine
 * committing a transaction per stream thread nearly every commit interval, taking CPU from the streams
 * instance and the broker that serving shares on small machines (docs/benchmarks.md). A wakeup fires once;
 * the action arms it again ({@link #by}, {@link #soon}) when work remains.
 *
 * <p>Not thread-safe, like the processor that owns it; the schedule goes with the task. In {@code init}
 * a processor arms it with {@link #soon} and lets the punctuation find what its stores hold: there the
 * context's wall clock is not set yet (zero for a new task), so a due time cannot be measured from it.
 */
public final class Wakeup {

    /**
     * The furthest ahead a punctuation is scheduled; a later due time is reached in steps of this. Kafka
     * Streams keeps a cancelled schedule queued until its time, so a due time moved earlier again and again
     * (events out of order) must not leave schedules queued for days.
     */
    static final Duration HORIZON = Duration.ofMinutes(1);

    private final ProcessorContext<?, ?> context;
    private final long minDelayMs;
    private final Punctuator action;
    private Cancellable scheduled;
    /** Wall-clock time the scheduled punctuation fires at; meaningful while {@link #scheduled} is set. */
    private long firesAt;

    /**
     * @param minDelay never sooner than this after arming: how coarse the timer may be (what the processor
     *     checked every interval before), which also coalesces the work of a burst of records
     * @param action the work; it runs with the wall-clock time, and arms the wakeup again if needed
     */
    public Wakeup(ProcessorContext<?, ?> context, Duration minDelay, Punctuator action) {
        this.context = context;
        this.minDelayMs = Math.max(1, minDelay.toMillis());
        this.action = action;
    }

    /**
     * Fires at {@code wallClockMs}, or {@code minDelay} from now if that is later, or in {@link #HORIZON} if
     * that is sooner (the action then finds nothing due and arms the wakeup again); an earlier wakeup stays.
     */
    public void by(long wallClockMs) {
        long now = context.currentSystemTimeMs();
        // No wall clock yet (init of a new task): an interval from now; the action arms it again.
        long due = now <= 0 ? Long.MIN_VALUE : wallClockMs;
        long at = Math.max(Math.min(due, now + Math.max(minDelayMs, HORIZON.toMillis())), now + minDelayMs);
        if (scheduled != null && firesAt <= at) {
            return;
        }
        cancel();
        firesAt = at;
        scheduled = context.schedule(Duration.ofMillis(at - now), PunctuationType.WALL_CLOCK_TIME, this::fire);
    }

    /** Fires {@code minDelay} from now, unless it is armed already. */
    public void soon() {
        by(Long.MIN_VALUE);
    }

    /** Whether a punctuation is scheduled. */
    public boolean armed() {
        return scheduled != null;
    }

    /** Nothing scheduled any more. */
    public void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }

    private void fire(long wallClockMs) {
        // One punctuation per arming: Kafka Streams drops a schedule cancelled inside its own punctuation.
        cancel();
        action.punctuate(wallClockMs);
    }
}
