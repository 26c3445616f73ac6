package dev.lodestone.platform;

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

/** The cheapest endpoint the server has: a probe target and the baseline of every benchmark ratio. */
@Path("/v1/ping")
@Tag(name = "Operations", description = "Liveness of the API itself; health and metrics are under /q")
public class PingResource {

    private static final String PONG = "{\"pong\":true}";

    /** The documented answer; the endpoint writes it as a constant string, the cheapest answer there is. */
    public record Pong(boolean pong) {}

    @GET
    @PermitAll
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
