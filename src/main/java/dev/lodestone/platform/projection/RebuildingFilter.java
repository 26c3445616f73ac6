package dev.lodestone.platform.projection;

import dev.lodestone.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 503 on {@link ProjectionRead} endpoints while the projections are not complete: while the
 * monitor rebuilds them, and as soon as the marker is found missing, before the monitor's next check.
 */
@Singleton
public class RebuildingFilter {

    /** What an endpoint is checked for before it runs. */
    private enum Guard {
        /** Not a projection read. */
        NONE,
        /** The monitor's phase only ({@code ProjectionRead(markerFirst = false)}). */
        PHASE,
        /** The phase and the marker. */
        MARKER
    }

    private final ProjectionMonitor monitor;
    private final Map<Method, Guard> guards = new ConcurrentHashMap<>();

    RebuildingFilter(ProjectionMonitor monitor) {
        this.monitor = monitor;
    }

    @ServerRequestFilter
    public Uni<Response> filter(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        Guard guard = method == null ? Guard.NONE : guards.computeIfAbsent(method, RebuildingFilter::guard);
        return switch (guard) {
            case NONE -> Uni.createFrom().nullItem();
            case PHASE -> {
                ApiException refused = monitor.refusedNow();
                yield Uni.createFrom().item(refused == null ? null : response(refused));
            }
            case MARKER ->
                monitor.readable()
                        .replaceWith((Response) null)
                        .onFailure(ApiException.class)
                        .recoverWithItem(failure -> response((ApiException) failure));
        };
    }

    private static Guard guard(Method method) {
        ProjectionRead read = method.getAnnotation(ProjectionRead.class);
        if (read == null) {
            read = method.getDeclaringClass().getAnnotation(ProjectionRead.class);
        }
        return read == null ? Guard.NONE : read.markerFirst() ? Guard.MARKER : Guard.PHASE;
    }

    private static Response response(ApiException refused) {
        Response.ResponseBuilder builder = Response.status(refused.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(refused.toError());
        refused.headers().forEach(builder::header);
        return builder.build();
    }
}
