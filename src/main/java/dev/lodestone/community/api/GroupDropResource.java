package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.DropCommand;
import dev.lodestone.community.store.CommunityReads;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A marketer releases a coupon drop to a group. */
@Path("/v1/community/groups/{groupId}/coupon-drops")
@Tag(name = TAG)
public class GroupDropResource {

    /** The documented body of a drop. */
    @Schema(
            requiredProperties = "coupons",
            examples = "{\"coupons\":100,\"name\":\"Friday drop\",\"startsAt\":\"2026-12-01T10:00:00Z\"}")
    public record DropRequest(
            @Schema(minimum = "1", maximum = "1000000") int coupons,
            String name,
            @Schema(description = "default: now") Instant startsAt,

            @Schema(description = "default: open until every coupon is taken")
            Instant endsAt) {}

    /** A created drop. */
    public record Created(String dropId) {}

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;

    GroupDropResource(CommunityReads reads, PointsGateway gateway, SecurityIdentity identity) {
        this.reads = reads;
        this.gateway = gateway;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "createCouponDrop",
            summary = "Release N coupons to a group's members from a start time; 201 {dropId}",
            description = "Marketer and admin tokens only: a drop gives value away, so only the shop creates one."
                    + " Members claim at POST /v1/community/coupon-drops/{dropId}/claims.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DropRequest.class)))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such group")
    @ProjectionRead
    public Uni<Response> create(@PathParam("groupId") String groupId, byte[] body) {
        Ids.require("groupId", groupId);
        JsonNode json = PointsRequests.object(body);
        long coupons = PointsRequests.points(json, "coupons", 1, true);
        if (coupons > CouponDrop.MAX_COUPONS) {
            throw ApiException.badRequest("coupons", "must be an integer from 1 to " + CouponDrop.MAX_COUPONS);
        }
        String name = PointsRequests.text(json, "name", 200, false);
        Instant now = Instant.now();
        Instant startsAt = instant(json, "startsAt", now);
        Instant endsAt = instant(json, "endsAt", null);
        if (endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ApiException.badRequest("endsAt", "must be after startsAt");
        }
        String dropId = CommunityRequests.newId("drop");
        CouponDrop drop = new CouponDrop(
                dropId,
                groupId,
                name,
                (int) coupons,
                startsAt,
                endsAt,
                0,
                identity.getPrincipal().getName(),
                1,
                now);
        return reads.group(groupId)
                .chain(g -> {
                    if (g == null) {
                        throw ApiException.notFound("group", groupId);
                    }
                    return gateway.send(
                            CommunityTopics.COUPON_DROP_COMMANDS,
                            DropCommand.key(dropId),
                            new DropCommand(DropCommand.Type.CREATE, dropId, null, null, drop, now));
                })
                .map(v -> PointsRequests.json(201, new Created(dropId)));
    }

    static Instant instant(JsonNode json, String field, Instant fallback) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            if (!v.isTextual()) {
                throw new DateTimeParseException("not text", "", 0);
            }
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "must be an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }
}
