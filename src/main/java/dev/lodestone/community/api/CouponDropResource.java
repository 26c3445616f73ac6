package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.DropCommand;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.PointsMetrics;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A coupon drop and its claims, decided on the drop's partition. */
@Path("/v1/community/coupon-drops/{dropId}")
@Tag(name = TAG)
public class CouponDropResource {

    /** A won claim: the coupon, usable once at checkout ({@code POST /v1/coupons/{code}/redemptions}). */
    public record Claimed(String dropId, String userId, String code) {}

    static final String CLAIM_KIND = "coupon-drop";

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final PointsMetrics metrics;

    CouponDropResource(CommunityReads reads, PointsGateway gateway, SecurityIdentity identity, PointsMetrics metrics) {
        this.reads = reads;
        this.gateway = gateway;
        this.identity = identity;
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(operationId = "getCouponDrop", summary = "A coupon drop: coupons, issued so far, its window")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CouponDrop.class)))
    @APIResponse(responseCode = "404", description = "not_found")
    @ProjectionRead
    public Uni<CouponDrop> get(@PathParam("dropId") String dropId) {
        Ids.require("dropId", dropId);
        return reads.drop(dropId).map(d -> {
            if (d == null) {
                throw ApiException.notFound("coupon drop", dropId);
            }
            return d;
        });
    }

    @POST
    @Path("/claims")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(
            operationId = "claimCouponDrop",
            summary = "Claim a coupon of a drop: 201 won, 409 gone/already_claimed/not_started/ended",
            description = "Shopper tokens only, for the shopper the token names, who must be a member of the drop's"
                    + " group. The body carries nothing: the shopper cannot choose what they get. First come first"
                    + " served, at most one coupon per shopper; a retry with the same Idempotency-Key answers the same"
                    + " coupon.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Claimed.class)))
    @APIResponse(responseCode = "403", description = "not_member")
    @APIResponse(responseCode = "404", description = "not_found: no such drop")
    @APIResponse(
            responseCode = "409",
            description = "gone (every coupon taken), already_claimed (another claim of this shopper won),"
                    + " not_started, ended")
    @APIResponse(
            responseCode = "503",
            description = "unavailable: not decided in time; retry with the same Idempotency-Key")
    @ProjectionRead
    public Uni<Response> claim(
            @PathParam("dropId") String dropId,
            @Parameter(description = "optional; a retry with the same key gets the same answer")
                    @HeaderParam(PointsRequests.IDEMPOTENCY_KEY)
                    String key) {
        Ids.require("dropId", dropId);
        String userId = CommunityRequests.self(identity);
        String requestId = CommunityRequests.requestId("cdc", "coupon-drop-claim", dropId, userId, key);
        DropCommand command = new DropCommand(DropCommand.Type.CLAIM, dropId, requestId, userId, null, Instant.now());
        return get(dropId)
                .chain(drop -> CommunityRequests.decide(
                        reads,
                        gateway,
                        metrics,
                        CLAIM_KIND,
                        drop.groupId(),
                        userId,
                        requestId,
                        CommunityTopics.COUPON_DROP_COMMANDS,
                        DropCommand.key(dropId),
                        command))
                .map(decision -> PointsRequests.json(201, new Claimed(dropId, userId, decision.couponCode())));
    }
}
