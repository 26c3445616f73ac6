package dev.lodestone.platform.ratelimit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.errors.ApiError;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;

/**
 * Charges every API request to its client's request budget before any endpoint runs, and answers
 * 429 with {@code Retry-After} and the JSON error when the budget is spent.
 *
 * <p>Runs on the HTTP router right after the authentication handler has attached the request's
 * (lazy) identity, and resolves it: a valid token names the client, anything else (no token, a bad
 * or expired one) is counted against the remote address. The identity is memoized per request, so
 * the endpoint's own security check reuses it rather than verifying the token again.
 */
@Singleton
public class RateLimitFilter {

    /** Between Quarkus's authentication handler (order -200) and its authorization handler (-100). */
    static final int ORDER = -150;

    private final RateLimiter limiter;

    RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    void register(@Observes Router router) {
        if (limiter.enabled()) {
            router.route().order(ORDER).handler(this::handle);
        }
    }

    private void handle(RoutingContext request) {
        String path = request.normalizedPath();
        if (!RouteClass.limited(path)) {
            request.next();
            return;
        }
        Uni<SecurityIdentity> identity = request.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            decide(request, path, null);
            return;
        }
        Context context = Vertx.currentContext();
        identity.subscribe()
                .with(
                        resolved -> onContext(context, () -> decide(request, path, resolved)),
                        // A refused token: the endpoint answers 401; the attempt counts against the address.
                        failure -> onContext(context, () -> decide(request, path, null)));
    }

    private void decide(RoutingContext request, String path, SecurityIdentity identity) {
        SocketAddress remote = request.request().remoteAddress();
        ClientKey client = ClientKey.of(identity, remote == null ? null : remote.host());
        RateLimiter.Verdict verdict = limiter.request(client, RouteClass.of(path));
        if (verdict.allowed()) {
            request.next();
            return;
        }
        request.response()
                .setStatusCode(429)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Retry-After", String.valueOf(verdict.retryAfterSeconds()))
                .end(json(new ApiError(429, ApiException.RATE_LIMITED, verdict.message())));
    }

    /** Identity providers may finish on a worker thread; routing continues on the request's event loop. */
    private static void onContext(Context context, Runnable step) {
        if (context == null || Vertx.currentContext() == context) {
            step.run();
        } else {
            context.runOnContext(ignored -> step.run());
        }
    }

    private static String json(ApiError error) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
