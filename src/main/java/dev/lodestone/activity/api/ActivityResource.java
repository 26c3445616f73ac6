package dev.lodestone.activity.api;

import dev.lodestone.activity.store.ActivityReads;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/users/{userId}/activity}: checks who asks, then answers from the read model. */
@Path("/v1/users/{userId}/activity")
public class ActivityResource {

    private final ActivityReads reads;
    private final SecurityIdentity identity;

    ActivityResource(ActivityReads reads, SecurityIdentity identity) {
        this.reads = reads;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(summary = "A shopper's activity: counts per event type, first and last seen, recent items")
    @ProjectionRead
    public Uni<String> activity(@PathParam("userId") String userId) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        return reads.ofUser(userId).onItem().ifNull().failWith(() -> ApiException.notFound("shopper", userId));
    }
}
