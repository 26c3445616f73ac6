package dev.lodestone.platform.redis;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * A projection may neither skip a change nor stop consuming: a Redis write that fails (pool exhausted,
 * Redis restarting) is retried with back-off until Redis takes it. The consumer does not commit past
 * the record meanwhile, so a crash during the wait replays it, and the version check makes that safe.
 */
public final class ProjectionRetry {

    private static final Duration FIRST = Duration.ofMillis(50);
    private static final Duration MAX = Duration.ofSeconds(5);

    private ProjectionRetry() {}

    public static <T> Uni<T> untilWritten(Uni<T> write) {
        return write.onFailure().retry().withBackOff(FIRST, MAX).indefinitely();
    }
}
