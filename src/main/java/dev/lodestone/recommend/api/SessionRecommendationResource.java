package dev.lodestone.recommend.api;

import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/recommendations}: for an anonymous session (or any context), no profile needed. */
@Path("/v1/recommendations")
@Tag(name = DiscoveryResource.TAG)
public class SessionRecommendationResource {

    /** Optional filters of a session request. */
    public record Filters(String category, Double minPrice, Double maxPrice, List<String> exclude) {}

    /**
     * A session request.
     *
     * @param context items of this visit in the order engaged, the current one last
     * @param userId optional: a signed-in shopper's profile is used too
     */
    public record SessionRequest(
            String sessionId, String userId, List<String> context, Integer limit, Filters filters) {}

    private final RecommendationService service;
    private final SecurityIdentity identity;

    SessionRecommendationResource(RecommendationService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "recommendForSession",
            summary = "Recommendations for a session: {sessionId, context:[itemIds], limit, filters}",
            description = "A sessionId reveals what that visit viewed, so only storefront and admin tokens may"
                    + " name one (anonymous sessions are the storefront's business). A shopper token may send"
                    + " its own userId and context items; another shopper's userId or any sessionId is 403.")
    @ProjectionRead(markerFirst = false)
    public Uni<Recommendations> recommend(SessionRequest body) {
        if (body == null) {
            throw ApiException.badRequest("body", "is required");
        }
        if (body.sessionId() != null && !identity.hasRole(Roles.STOREFRONT) && !identity.hasRole(Roles.ADMIN)) {
            // A session id proves nothing about who holds it: only the storefront's server may name one.
            throw new ApiException(
                    403,
                    "forbidden",
                    "a shopper token may not name a sessionId; send your userId, or ask through the storefront",
                    List.of(FieldError.of("sessionId", "may only be named by a storefront or admin token")),
                    Map.of());
        }
        String shopperKey = null;
        if (body.userId() != null) {
            Ids.require("userId", body.userId());
            Access.requireSelfUnlessStaff(identity, body.userId());
            shopperKey = ShopperEvent.userKey(body.userId());
        } else if (body.sessionId() != null) {
            Ids.require("sessionId", body.sessionId());
            shopperKey = ShopperEvent.shopperKey(null, body.sessionId());
        }
        Filters filters = body.filters() == null ? new Filters(null, null, null, List.of()) : body.filters();
        Double min = RequestParams.price("filters.minPrice", filters.minPrice());
        Double max = RequestParams.price("filters.maxPrice", filters.maxPrice());
        RequestParams.priceRange(min, max);
        RecommendationRequest request = new RecommendationRequest(
                shopperKey,
                RequestParams.ids("context", body.context(), service.config().maxContext()),
                RequestParams.limit(body.limit(), service.config().defaultLimit()),
                RequestParams.category(filters.category()),
                min,
                max,
                RequestParams.set(RequestParams.ids("filters.exclude", filters.exclude(), RequestParams.MAX_EXCLUDE)),
                false);
        return service.recommend(request);
    }
}
