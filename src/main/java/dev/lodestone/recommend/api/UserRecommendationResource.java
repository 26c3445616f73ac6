package dev.lodestone.recommend.api;

import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationService;
import dev.lodestone.recommend.RecommendationService.Recommendations;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.security.identity.SecurityIdentity;
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

/** {@code GET /v1/users/{userId}/recommendations}: an unknown shopper gets the cold-start list. */
@Path("/v1/users/{userId}/recommendations")
@Tag(name = DiscoveryResource.TAG)
public class UserRecommendationResource {

    private final RecommendationService service;
    private final SecurityIdentity identity;

    UserRecommendationResource(RecommendationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "recommendForUser",
            summary = "Personal recommendations: similar to recent and context items, profile-ranked, backfilled")
    @ProjectionRead(markerFirst = false)
    public Uni<Recommendations> recommendations(
            @PathParam("userId") String userId,
            @Parameter(
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "" + RequestParams.MAX_LIMIT))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "only items in this category path") @QueryParam("category") String category,
            @Parameter(schema = @Schema(type = SchemaType.NUMBER, minimum = "0")) @QueryParam("minPrice")
                    String minPrice,
            @Parameter(schema = @Schema(type = SchemaType.NUMBER, minimum = "0")) @QueryParam("maxPrice")
                    String maxPrice,
            @Parameter(description = "comma-separated item ids never to return (at most 200)") @QueryParam("exclude")
                    String exclude,
            @Parameter(description = "comma-separated item ids of this visit, the current one last")
                    @QueryParam("context")
                    String context) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        Double min = RequestParams.price("minPrice", minPrice);
        Double max = RequestParams.price("maxPrice", maxPrice);
        RequestParams.priceRange(min, max);
        RecommendationRequest request = new RecommendationRequest(
                ShopperEvent.userKey(userId),
                RequestParams.csv("context", context, service.config().maxContext()),
                RequestParams.limit(limit, service.config().defaultLimit()),
                RequestParams.category(category),
                min,
                max,
                RequestParams.set(RequestParams.csv("exclude", exclude, RequestParams.MAX_EXCLUDE)),
                false);
        return service.recommend(request);
    }
}
