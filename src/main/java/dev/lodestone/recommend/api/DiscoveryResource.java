package dev.lodestone.recommend.api;

import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.recommend.RecommendationService;
import dev.lodestone.recommend.RecommendationService.Items;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Non-personal lists: {@code GET /v1/items/{itemId}/similar} and {@code GET /v1/trending}. */
@Path("/v1")
public class DiscoveryResource {

    private final RecommendationService service;

    DiscoveryResource(RecommendationService service) {
        this.service = service;
    }

    @GET
    @Path("/items/{itemId}/similar")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(summary = "An item's nearest neighbours by co-occurrence, available items only")
    @ProjectionRead
    public Uni<Items> similar(@PathParam("itemId") String itemId, @QueryParam("limit") String limit) {
        Ids.require("itemId", itemId);
        return service.similar(
                itemId, RequestParams.limit(limit, service.config().defaultLimit()));
    }

    @GET
    @Path("/trending")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(summary = "Time-decayed popular items, global or within a category")
    @ProjectionRead
    public Uni<Items> trending(@QueryParam("category") String category, @QueryParam("limit") String limit) {
        return service.trending(
                RequestParams.category(category),
                RequestParams.limit(limit, service.config().defaultLimit()));
    }
}
