package dev.lodestone.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.errors.ApiException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-client token buckets (Bucket4j): one for requests, one for the events a client posts to the
 * intake, each sized by the client's {@link RoleClass}.
 *
 * <p>Buckets live in this instance's memory (each instance grants its own budget), in a map bounded by
 * {@code lodestone.rate-limit.max-clients} that also drops clients idle long enough for their buckets
 * to have refilled: dropping those loses nothing, since a new bucket starts full too.
 */
@Singleton
public class RateLimiter {

    public static final String REJECTED = "lodestone.ratelimit.rejected";

    /** Whether a request may proceed; a refusal says why and how many whole seconds to wait (at least 1). */
    public record Verdict(boolean allowed, long retryAfterSeconds, String message) {
        static final Verdict ALLOWED = new Verdict(true, 0, null);
    }

    /** A role class's sizes; {@code eventsPerSecond} 0 where the class cannot post events. */
    record Budget(long requestsPerSecond, long burst, long eventsPerSecond, long eventBurst) {

        Bucket requests() {
            return bucket(burst, requestsPerSecond);
        }

        Bucket events() {
            return eventsPerSecond == 0 ? null : bucket(eventBurst, eventsPerSecond);
        }

        /** Seconds an emptied bucket takes to fill up again. */
        long refillSeconds() {
            long requests = Math.ceilDiv(burst, requestsPerSecond);
            return eventsPerSecond == 0 ? requests : Math.max(requests, Math.ceilDiv(eventBurst, eventsPerSecond));
        }

        private static Bucket bucket(long capacity, long perSecond) {
            return Bucket.builder()
                    .addLimit(limit -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
                    .build();
        }
    }

    /** A client's buckets; {@code events} is null for anonymous clients. */
    private record Buckets(Bucket requests, Bucket events) {}

    private static final Duration MIN_IDLE = Duration.ofMinutes(1);

    private final boolean enabled;
    private final Map<RoleClass, Budget> budgets = new EnumMap<>(RoleClass.class);
    private final Cache<ClientKey, Buckets> clients;
    private final Map<RoleClass, Map<RouteClass, Counter>> rejected = new EnumMap<>(RoleClass.class);

    RateLimiter(LodestoneConfig config, MeterRegistry registry) {
        LodestoneConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled();
        budgets.put(RoleClass.SHOPPER, budget("shopper", limits.shopper()));
        budgets.put(RoleClass.STAFF, budget("staff", limits.staff()));
        LodestoneConfig.RateLimit.Anonymous anonymous = limits.anonymous();
        budgets.put(
                RoleClass.ANONYMOUS,
                new Budget(
                        positive("anonymous.requests-per-second", anonymous.requestsPerSecond()),
                        positive("anonymous.burst", anonymous.burst()),
                        0,
                        0));
        long idleSeconds =
                budgets.values().stream().mapToLong(Budget::refillSeconds).max().orElse(0);
        this.clients = Caffeine.newBuilder()
                .maximumSize(positive("max-clients", limits.maxClients()))
                .expireAfterAccess(max(MIN_IDLE, Duration.ofSeconds(idleSeconds)))
                // Upkeep on the calling thread: no pool of our own, and each step is small.
                .executor(Runnable::run)
                .build();
        for (RoleClass role : RoleClass.values()) {
            Map<RouteClass, Counter> byRoute = new EnumMap<>(RouteClass.class);
            for (RouteClass route : RouteClass.values()) {
                byRoute.put(
                        route,
                        Counter.builder(REJECTED)
                                .description("Requests refused with 429 because their client exceeded its budget")
                                .tag("route", route.tag())
                                .tag("role", role.tag())
                                .register(registry));
            }
            rejected.put(role, byRoute);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Takes one request from the client's budget. */
    public Verdict request(ClientKey client, RouteClass route) {
        if (!enabled) {
            return Verdict.ALLOWED;
        }
        ConsumptionProbe probe = buckets(client).requests().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Verdict.ALLOWED;
        }
        rejected.get(client.roleClass()).get(route).increment();
        Budget budget = budgets.get(client.roleClass());
        long wait = retryAfterSeconds(probe);
        return new Verdict(
                false,
                wait,
                "this client may send " + budget.requestsPerSecond() + " requests per second (bursts of "
                        + budget.burst() + "); retry after " + wait + " s");
    }

    /**
     * Takes {@code events} from the caller's intake budget: 429 with Retry-After when it is spent, 413
     * when the batch is larger than the budget could ever hold.
     */
    public void requireEvents(SecurityIdentity identity, int events) {
        if (!enabled) {
            return;
        }
        ClientKey client = ClientKey.of(identity, null);
        Budget budget = budgets.get(client.roleClass());
        Bucket bucket = buckets(client).events();
        if (bucket == null) {
            throw ApiException.forbidden("only a signed-in client may post events");
        }
        if (events > budget.eventBurst()) {
            throw new ApiException(
                    413,
                    "too_many_events",
                    "this client may post at most " + budget.eventBurst() + " events at once; the batch has " + events);
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            rejected.get(client.roleClass()).get(RouteClass.INGEST).increment();
            long wait = retryAfterSeconds(probe);
            throw ApiException.rateLimited(
                    "this client may post " + budget.eventsPerSecond() + " events per second (bursts of "
                            + budget.eventBurst() + "); retry after " + wait + " s",
                    wait);
        }
    }

    private Buckets buckets(ClientKey client) {
        return clients.get(client, key -> {
            Budget budget = budgets.get(key.roleClass());
            return new Buckets(budget.requests(), budget.events());
        });
    }

    private static long retryAfterSeconds(ConsumptionProbe probe) {
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, Math.ceilDiv(nanos, 1_000_000_000L));
    }

    private static Budget budget(String name, LodestoneConfig.RateLimit.RequestsAndEvents limits) {
        return new Budget(
                positive(name + ".requests-per-second", limits.requestsPerSecond()),
                positive(name + ".burst", limits.burst()),
                positive(name + ".events-per-second", limits.eventsPerSecond()),
                positive(name + ".event-burst", limits.eventBurst()));
    }

    private static long positive(String property, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "lodestone.rate-limit." + property + " must be positive (was " + value + ")");
        }
        return value;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
