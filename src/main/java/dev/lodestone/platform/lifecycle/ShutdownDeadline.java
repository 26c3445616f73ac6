package dev.lodestone.platform.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The engine's shutdown budget, counted from the moment the JVM began to stop (SIGTERM, Ctrl-C, a
 * failed start). Every stopping step asks it how much time is left, and the packaged engine halts
 * when the budget is spent, whatever still hangs: an orchestrator that sends SIGTERM then SIGKILL
 * after a grace period must see the engine gone on its own, its Redis child with it.
 *
 * <p>Halting is safe for the data: Kafka Streams runs exactly-once (an unfinished transaction is
 * aborted and its records processed again), the broker recovers its log from an unclean stop, and the
 * embedded Redis, stopped before the halt, writes its append-only file. JVM-wide and static because
 * the shutdown hooks that use it run outside the application.
 */
public final class ShutdownDeadline {

    private static final Logger LOG = Logger.getLogger(ShutdownDeadline.class);

    /**
     * Default budget: under the 5 s an SRE is promised, with room for a loaded machine to deliver the
     * signal and tear the process down.
     */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(4);

    private static final AtomicLong STARTED = new AtomicLong();
    private static volatile Duration budget = DEFAULT_BUDGET;
    private static volatile int signalStatus;
    private static final List<Runnable> BEFORE_HALT = new CopyOnWriteArrayList<>();
    private static boolean armed;

    private ShutdownDeadline() {}

    /**
     * For the packaged engine only (tests and dev mode never halt their JVM): notes which signal
     * stops the engine, and halts it once the budget is spent.
     */
    public static synchronized void arm() {
        if (armed) {
            return;
        }
        armed = true;
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    started();
                    signalStatus = 128 + signal.getNumber();
                    System.exit(signalStatus);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debugf("Cannot handle SIG%s (%s): the JVM's default applies", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownDeadline::watch, "lodestone-shutdown-deadline"));
    }

    /** Sets the budget (configuration is read once the application starts). */
    public static void budget(Duration value) {
        budget = value;
    }

    /** Runs right before a halt: stops what must not outlive the engine (its Redis child). */
    public static void beforeHalt(Runnable action) {
        BEFORE_HALT.add(action);
    }

    /**
     * Marks the start of the JVM's shutdown, once: the first caller's time counts. Only the JVM's own
     * stop calls it (signal handlers, shutdown hooks): an application stopped inside a running JVM (tests,
     * dev-mode reloads) has no budget to keep.
     */
    public static void started() {
        STARTED.compareAndSet(0, System.nanoTime());
    }

    /** " (N ms after the shutdown began)" once the JVM is stopping, else empty: for log lines. */
    public static String since() {
        return STARTED.get() == 0 ? "" : " (" + elapsed().toMillis() + " ms after the shutdown began)";
    }

    /** Time since the shutdown started (zero before). */
    public static Duration elapsed() {
        long started = STARTED.get();
        return started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** Time left before the budget is spent, never negative. */
    public static Duration remaining() {
        Duration left = budget.minus(elapsed());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The smaller of {@code wanted} and what is left once {@code reserve} is kept for later steps. */
    public static Duration allow(Duration wanted, Duration reserve) {
        return allow(wanted, reserve, remaining());
    }

    static Duration allow(Duration wanted, Duration reserve, Duration remaining) {
        Duration left = remaining.minus(reserve);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return wanted.compareTo(left) < 0 ? wanted : left;
    }

    private static void watch() {
        started();
        Thread halter = new Thread(
                () -> {
                    sleep(remaining());
                    halt();
                },
                "lodestone-shutdown-halt");
        halter.setDaemon(true);
        halter.start();
    }

    private static void halt() {
        int status = signalStatus == 0 ? 1 : signalStatus;
        LOG.warnf(
                "The engine did not stop within its %d ms shutdown budget: halting now (status %d); Kafka recovers"
                        + " from the unclean stop at the next start",
                budget.toMillis(), status);
        for (Runnable action : BEFORE_HALT) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warnf("Before halting: %s", e.toString());
            }
        }
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
