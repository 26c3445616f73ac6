package dev.lodestone.platform.projection;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers "is the projection marker there?" with a check that started after the question was asked,
 * so a read never trusts a Redis emptied before it arrived. Questions asked while a check is in
 * flight share the next one: under load that is one {@code EXISTS} per round trip, not per request.
 */
final class MarkerGate {

    static final Duration BUDGET = Duration.ofMillis(250);

    private final ReactiveRedisDataSource redis;
    private final String marker;
    private CompletableFuture<Boolean> inFlight;
    private CompletableFuture<Boolean> next;

    MarkerGate(ReactiveRedisDataSource redis, String marker) {
        this.redis = redis;
        this.marker = marker;
    }

    CompletionStage<Boolean> present() {
        CompletableFuture<Boolean> launch;
        synchronized (this) {
            if (inFlight != null) {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                return next;
            }
            launch = inFlight = new CompletableFuture<>();
        }
        check(launch);
        return launch;
    }

    private void check(CompletableFuture<Boolean> answer) {
        redis.key(String.class)
                .exists(marker)
                // A stalled Redis must not hold every read here: past the budget the read goes on, and
                // meets the stall itself (its own timeout or fallback).
                .ifNoItem()
                .after(BUDGET)
                .fail()
                .subscribe()
                .with(present -> done(answer, present, null), failure -> done(answer, null, failure));
    }

    private void done(CompletableFuture<Boolean> answer, Boolean present, Throwable failure) {
        CompletableFuture<Boolean> waiting;
        synchronized (this) {
            waiting = next;
            next = null;
            inFlight = waiting;
        }
        if (waiting != null) {
            check(waiting);
        }
        if (failure != null) {
            answer.completeExceptionally(failure);
        } else {
            answer.complete(present);
        }
    }
}
