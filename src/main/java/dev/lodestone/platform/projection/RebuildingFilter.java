package dev.lodestone.platform.projection;

import dev.lodestone.platform.errors.ApiError;
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

    static final int RETRY_AFTER_SECONDS = 2;

    private final ProjectionMonitor monitor;
    private final Map<Method, Boolean> guarded = new ConcurrentHashMap<>();

    RebuildingFilter(ProjectionMonitor monitor) {
        this.monitor = monitor;
    }

    @ServerRequestFilter
    public Uni<Response> filter(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !guarded.computeIfAbsent(method, RebuildingFilter::reads)) {
            return Uni.createFrom().nullItem();
        }
        return switch (monitor.phase()) {
            case STARTING ->
                Uni.createFrom().item(refusal("unavailable", "the engine has not checked its read models yet"));
            case REBUILDING -> Uni.createFrom().item(rebuilding());
            case READY ->
                Uni.createFrom()
                        .completionStage(monitor::markerPresent)
                        .map(present -> {
                            if (present) {
                                return null;
                            }
                            monitor.checkNow();
                            return rebuilding();
                        })
                        // Redis unreachable or stalled: the read goes on and meets it itself (503
                        // unavailable, or a fallback) rather than waiting here.
                        .onFailure()
                        .recoverWithNull();
        };
    }

    private static boolean reads(Method method) {
        return method.isAnnotationPresent(ProjectionRead.class)
                || method.getDeclaringClass().isAnnotationPresent(ProjectionRead.class);
    }

    private static Response rebuilding() {
        return refusal("rebuilding", "the read models are being rebuilt from Kafka");
    }

    private static Response refusal(String code, String message) {
        return Response.status(503)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
                .entity(new ApiError(503, code, message + "; retry shortly"))
                .build();
    }
}
