package dev.lodestone.platform.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The cheapest endpoint the server has: a probe target and the baseline of every benchmark ratio.
 *
 * <p>Answered on the event loop that read the request: a method returning a plain value runs on a worker
 * thread by default, a hop there and back that the endpoints it is compared with (their answers are
 * {@code Uni}s, on the event loop) do not make, which made the baseline dearer than they are.
 */
@Path("/v1/ping")
@Tag(name = "Operations", description = "Liveness of the API itself; health and metrics are under /q")
public class PingResource {

    private static final String PONG = "{\"pong\":true}";

    /** The documented answer; the endpoint writes it as a constant string, the cheapest answer there is. */
    public record Pong(boolean pong) {}

    @GET
    @PermitAll
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ping", summary = "Answers {\"pong\":true}; open, never rate-limited")
    @APIResponse(
            responseCode = "200",
            description = "the API answers",
            content = @Content(schema = @Schema(implementation = Pong.class)))
    public String ping() {
        return PONG;
    }
}
