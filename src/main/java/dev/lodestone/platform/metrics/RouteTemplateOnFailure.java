package dev.lodestone.platform.metrics;

import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Names a request's route for the HTTP metrics only when the request fails, as the REST layer does for
 * every other request, instead of ahead of every request.
 *
 * <p>With metrics on, the REST layer's filter right after authentication (priority 199) swaps the
 * authentication's failure handler for one that fails the request, so a later refusal reaches the
 * failure handlers, and first names the request's route template in case that happens. Naming it
 * builds the REST layer's whole path matcher again, for every request (Quarkus 3.33): in a recording of
 * {@code GET /v1/ping} at 2,600 requests/s it was 2.0 GB of the event loops' 2.3 GB of allocation, 40 % of
 * the engine's, and the young collections it caused paused every endpoint alike (docs/benchmarks.md).
 *
 * <p>This route runs just before that filter (same order, registered before the framework's filters)
 * and installs the same failing handler itself, so the filter finds nothing to replace and names no
 * route. Nothing is lost: a request that succeeds is named by the REST layer when it reaches its
 * method; one refused by authentication or authorization fails with the security exception, and the
 * REST layer's failure filter names its route then ({@code SecurityAndOperabilityTest} checks that a
 * shopper's 401, 403 and 404 are counted under the route's template).
 */
@Singleton
public class RouteTemplateOnFailure {

    /** Vert.x route order of the REST layer's filter: filters run by descending priority, order = −priority. */
    static final int ORDER = -(SecurityHandlerPriorities.AUTHENTICATION - 1);

    /** What the REST layer installs: fail the request with the root cause, once. */
    static final BiConsumer<RoutingContext, Throwable> FAIL_REQUEST = (context, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(context, failure);
        if (!context.failed()) {
            context.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    private final LongAdder installed = new LongAdder();

    void register(@Observes Router router) {
        // The router event comes before the framework's filters are added: of two routes with the same
        // order, Vert.x runs the one added first.
        router.route().order(ORDER).handler(this::install);
    }

    void install(RoutingContext context) {
        if (context.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
            context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_REQUEST);
            installed.increment();
        }
        context.next();
    }

    /** Requests whose failure handler this route installed (the framework's filter came after it). */
    long installed() {
        return installed.sum();
    }
}
