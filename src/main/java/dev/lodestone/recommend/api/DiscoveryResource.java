package dev.lodestone.recommend.api;

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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Non-personal lists: {@code GET /v1/items/{itemId}/similar} and {@code GET /v1/trending}. Both are
 * answered from this instance's memory, followed from Kafka, so they do not wait on the Redis
 * projections (no {@code ProjectionRead}); the service answers 503 while that memory is loading.
 */
@Path("/v1")
@Tag(name = DiscoveryResource.TAG, description = "Recommendations, similar items and trending items")
public class DiscoveryResource {

    static final String TAG = "Recommendations";

    private final RecommendationService service;

    DiscoveryResource(RecommendationService service) {
        this.service = service;
    }

    @GET
    @Path("/items/{itemId}/similar")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getSimilarItems",
            summary = "An item's nearest neighbours by co-occurrence, available items only")
    public Uni<Items> similar(
            @PathParam("itemId") String itemId,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "" + RequestParams.MAX_LIMIT))
                    @QueryParam("limit")
                    String limit) {
        Ids.require("itemId", itemId);
        return service.similar(
                itemId, RequestParams.limit(limit, service.config().defaultLimit()));
    }

    @GET
    @Path("/trending")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getTrendingItems", summary = "Time-decayed popular items, global or within a category")
    public Uni<Items> trending(
            @Parameter(description = "a category path such as 电子产品/手机; absent: all categories") @QueryParam("category")
                    String category,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "" + RequestParams.MAX_LIMIT))
                    @QueryParam("limit")
                    String limit) {
        return service.trending(
                RequestParams.category(category),
                RequestParams.limit(limit, service.config().defaultLimit()));
    }
}
