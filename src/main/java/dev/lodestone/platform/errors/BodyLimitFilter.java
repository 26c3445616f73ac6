package dev.lodestone.platform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an oversized request with the API's JSON 413 before its body is read. Without this, the
 * HTTP layer's own limit ({@code quarkus.http.limits.max-body-size}) replies 413 with an empty body.
 * A chunked request without {@code Content-Length} can still meet that bare 413.
 */
@Singleton
public class BodyLimitFilter {

    private final long maxBodyBytes;
    private final String body;

    BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize)
            throws JsonProcessingException {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.body = JsonSerde.MAPPER.writeValueAsString(new ApiError(
                413, "payload_too_large", "the body is larger than the server accepts (" + maxBodyBytes + " bytes)"));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
            } else {
                context.next();
            }
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
