package dev.lodestone.activity.api;

import dev.lodestone.activity.ActivityKeys;
import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/users/{userId}/activity}, served from Redis only. */
@Path("/v1/users/{userId}/activity")
@Tag(name = "Shoppers", description = "What the engine knows about a shopper: activity, profile, forgetting")
public class ActivityResource {

    private final VersionedProjection projection;
    private final SecurityIdentity identity;

    ActivityResource(ReactiveRedisDataSource redis, SecurityIdentity identity) {
        this.projection = new VersionedProjection(redis);
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getActivity",
            summary = "A shopper's activity: counts per event type, first and last seen, recent items")
    @APIResponse(
            responseCode = "200",
            description = "the activity",
            content = @Content(schema = @Schema(implementation = ShopperActivity.class)))
    @APIResponse(responseCode = "404", description = "not_found: no event of this shopper yet")
    @ProjectionRead
    public Uni<String> activity(@PathParam("userId") String userId) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        return projection
                .read(ActivityKeys.activity(ShopperEvent.userKey(userId)))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("shopper", userId));
    }
}
