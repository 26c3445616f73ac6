package dev.lodestone.signals.api;

import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.signals.CartSummary;
import dev.lodestone.signals.DayRange;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.store.SignalsReads;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/carts/summary}: abandoned and recovered carts per day, for the shop's staff. */
@Path("/v1/carts/summary")
@Tag(name = "Signals", description = "Shopping-experience signals: cart abandonment, funnels, feedback")
public class CartSummaryResource {

    static final String SERIES = SignalsKeys.CARTS;

    private final SignalsReads reads;

    CartSummaryResource(SignalsReads reads) {
        this.reads = reads;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getCartSummary",
            summary = "Abandoned carts (per stage) and the purchases that recovered them, per UTC day",
            description = "Marketers and admins: aggregate counts and values, naming no shopper.")
    @APIResponse(
            responseCode = "200",
            description = "the summary",
            content = @Content(schema = @Schema(implementation = CartSummary.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid_request: from/to missing, malformed, reversed or over 366 days")
    @ProjectionRead
    public Uni<CartSummary> summary(
            @Parameter(description = "first UTC day (ISO date)", required = true) @QueryParam("from") String from,
            @Parameter(description = "last UTC day (ISO date), inclusive", required = true) @QueryParam("to")
                    String to) {
        DayRange range = DayRange.parse(from, to);
        return reads.daily(SERIES, "all", range).map(days -> CartSummary.of(range, days));
    }
}
