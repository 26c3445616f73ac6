package dev.lodestone.signals.api;

import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.signals.DayRange;
import dev.lodestone.signals.FunnelReport;
import dev.lodestone.signals.Journey;
import dev.lodestone.signals.SignalsConfig;
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

/** {@code GET /v1/funnel}: one funnel (a top-level category or a recommendation placement) over a range of entry days. */
@Path("/v1/funnel")
@Tag(name = "Signals", description = "Shopping-experience signals: cart abandonment, funnels, feedback")
public class FunnelResource {

    private final SignalsReads reads;
    private final SignalsConfig config;

    FunnelResource(SignalsReads reads, SignalsConfig config) {
        this.reads = reads;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getFunnel",
            summary = "view → add_to_cart → purchase for a top-level category, or impression → click →"
                    + " add_to_cart → purchase for a recommendation placement, by entry day",
            description =
                    "Marketers and admins: counts of shoppers, naming none. A step counts when the previous"
                            + " one was reached and it happened within the conversion window"
                            + " (lodestone.signals.funnel.window) of the entry; shoppers still inside it are open, not dropped.")
    @APIResponse(
            responseCode = "200",
            description = "the funnel",
            content = @Content(schema = @Schema(implementation = FunnelReport.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid_request: from/to invalid, or not exactly one of category and placement")
    @ProjectionRead
    public Uni<FunnelReport> funnel(
            @Parameter(description = "first entry day, UTC (ISO date)", required = true) @QueryParam("from")
                    String from,
            @Parameter(description = "last entry day, UTC (ISO date), inclusive", required = true) @QueryParam("to")
                    String to,
            @Parameter(description = "a top-level category (the first level of an item's category path)")
                    @QueryParam("category")
                    String category,
            @Parameter(description = "a recommendation placement (context.placement of the impressions)")
                    @QueryParam("placement")
                    String placement) {
        DayRange range = DayRange.parse(from, to);
        String dimension;
        String value;
        if ((category == null) == (placement == null)) {
            throw ApiException.badRequest("category", "give exactly one of category and placement");
        }
        if (category != null) {
            dimension = Journey.CATEGORY;
            value = TopCategory.require(category);
        } else {
            if (!Journey.PLACEMENT_SHAPE.matcher(placement).matches()) {
                throw ApiException.badRequest("placement", "must be 1-32 of a-z 0-9 _ . -");
            }
            dimension = Journey.PLACEMENT;
            value = placement;
        }
        return reads.daily(dimension, value, range)
                .map(days ->
                        FunnelReport.of(range, dimension, value, config.funnel().window(), days));
    }
}
