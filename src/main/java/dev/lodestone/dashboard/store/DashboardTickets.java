package dev.lodestone.dashboard.store;

import dev.lodestone.dashboard.DashboardConfig;
import dev.lodestone.dashboard.DashboardKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Short-lived tickets that open the dashboard stream. A browser's {@code EventSource} cannot send an
 * {@code Authorization} header, and the marketer's token must never travel in a URL (access logs,
 * proxies, browser history keep URLs). So the page trades its token for a ticket (an authenticated
 * POST) and opens the stream with the ticket in the query: 32 random bytes, valid for
 * {@code lodestone.dashboard.ticket-ttl} (60 s), good for nothing but reading the dashboard. Redis
 * holds only the ticket's SHA-256, so every instance accepts it and a leaked Redis key opens nothing.
 */
@ApplicationScoped
public class DashboardTickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReactiveRedisDataSource redis;
    private final Duration ttl;

    DashboardTickets(ReactiveRedisDataSource redis, DashboardConfig config) {
        this.redis = redis;
        this.ttl = config.ticketTtl();
    }

    public Duration ttl() {
        return ttl;
    }

    /** A new ticket for {@code subject}. */
    public Uni<String> issue(String subject) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return redis.value(String.class)
                .set(DashboardKeys.ticket(digest(ticket)), subject == null ? "" : subject, new SetArgs().px(ttl))
                .replaceWith(ticket);
    }

    /** True while {@code ticket} is one this engine issued and has not expired. */
    public Uni<Boolean> valid(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 64) {
            return Uni.createFrom().item(false);
        }
        return redis.value(String.class)
                .get(DashboardKeys.ticket(digest(ticket)))
                .map(v -> v != null);
    }

    private static String digest(String ticket) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
