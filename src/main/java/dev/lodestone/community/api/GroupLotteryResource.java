package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.Lottery;
import dev.lodestone.community.LotteryCommand;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A marketer opens a lottery in a group. */
@Path("/v1/community/groups/{groupId}/lotteries")
@Tag(name = TAG)
public class GroupLotteryResource {

    /** The documented body of a lottery. */
    @Schema(
            requiredProperties = {"winners", "endsAt"},
            examples = "{\"winners\":10,\"name\":\"December\",\"endsAt\":\"2026-12-31T12:00:00Z\"}")
    public record LotteryRequest(
            @Schema(minimum = "1", maximum = "10000") int winners,
            String name,
            @Schema(description = "default: now") Instant startsAt,
            Instant endsAt) {}

    /** A created lottery; its commitment is at GET /v1/community/lotteries/{lotteryId}. */
    public record Created(String lotteryId) {}

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;

    GroupLotteryResource(CommunityReads reads, PointsGateway gateway, SecurityIdentity identity) {
        this.reads = reads;
        this.gateway = gateway;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "createLottery",
            summary = "Open a lottery for a group's members: N winners drawn verifiably at endsAt; 201 {lotteryId}",
            description = "Marketer and admin tokens only: a lottery gives prizes away (a coupon per winner). The"
                    + " engine draws a secret seed and publishes its SHA-256 commitment at once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = LotteryRequest.class)))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such group")
    @ProjectionRead
    public Uni<Response> create(@PathParam("groupId") String groupId, byte[] body) {
        Ids.require("groupId", groupId);
        JsonNode json = PointsRequests.object(body);
        long winners = PointsRequests.points(json, "winners", 1, true);
        if (winners > Lottery.MAX_WINNERS) {
            throw ApiException.badRequest("winners", "must be an integer from 1 to " + Lottery.MAX_WINNERS);
        }
        String name = PointsRequests.text(json, "name", 200, false);
        Instant now = Instant.now();
        Instant startsAt = GroupDropResource.instant(json, "startsAt", now);
        Instant endsAt = GroupDropResource.instant(json, "endsAt", null);
        if (endsAt == null) {
            throw ApiException.badRequest("endsAt", "is required");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw ApiException.badRequest("endsAt", "must be after startsAt");
        }
        String lotteryId = CommunityRequests.newId("lot");
        Lottery lottery = new Lottery(
                lotteryId,
                groupId,
                name,
                (int) winners,
                startsAt,
                endsAt,
                Lottery.OPEN,
                null,
                null,
                0,
                null,
                null,
                null,
                identity.getPrincipal().getName(),
                0,
                now);
        return reads.group(groupId)
                .chain(g -> {
                    if (g == null) {
                        throw ApiException.notFound("group", groupId);
                    }
                    return gateway.send(
                            CommunityTopics.LOTTERY_COMMANDS,
                            LotteryCommand.key(lotteryId),
                            new LotteryCommand(LotteryCommand.Type.CREATE, lotteryId, null, null, lottery, now));
                })
                .map(v -> PointsRequests.json(201, new Created(lotteryId)));
    }
}
