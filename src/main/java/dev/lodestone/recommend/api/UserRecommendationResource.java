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

/** {@code GET /v1/users/{userId}/recommendations}: an unknown shopper gets the cold-start list. */
@Path("/v1/users/{userId}/recommendations")
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
    @Operation(summary = "Personal recommendations: similar to recent and context items, profile-ranked, backfilled")
    @ProjectionRead
    public Uni<Recommendations> recommendations(
            @PathParam("userId") String userId,
            @QueryParam("limit") String limit,
            @QueryParam("category") String category,
            @QueryParam("minPrice") String minPrice,
            @QueryParam("maxPrice") String maxPrice,
            @QueryParam("exclude") String exclude,
            @QueryParam("context") String context) {
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
