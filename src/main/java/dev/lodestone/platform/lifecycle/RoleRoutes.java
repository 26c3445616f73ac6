package dev.lodestone.platform.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.config.Role;
import dev.lodestone.platform.errors.ApiError;
import dev.lodestone.platform.kafka.JsonSerde;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A {@code streams} instance serves health and metrics only: every other path (REST, WebSocket, the
 * OpenAPI document) answers 404 with the API's JSON error, so a misrouted client learns where to go.
 */
@Singleton
public class RoleRoutes {

    /** The paths every role serves: health, metrics, the OpenAPI document. */
    static final String OPEN_PREFIX = "/q/";

    private final Role role;
    private final String body;

    RoleRoutes(LodestoneConfig config) throws JsonProcessingException {
        this.role = config.role();
        this.body = JsonSerde.MAPPER.writeValueAsString(new ApiError(
                404,
                "not_found",
                "this instance runs the streams role and serves only /q/health and /q/metrics;"
                        + " the API is served by the api instances"));
    }

    void register(@Observes Router router) {
        if (role.serves()) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (served(context.normalizedPath())) {
                context.next();
            } else {
                context.response()
                        .setStatusCode(404)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(body);
            }
        });
    }

    static boolean served(String path) {
        return path != null && path.startsWith(OPEN_PREFIX);
    }
}
