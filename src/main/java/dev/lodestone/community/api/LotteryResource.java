package dev.lodestone.community.api;

import static dev.lodestone.community.api.CommunityRequests.TAG;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.Lottery;
import dev.lodestone.community.LotteryCommand;
import dev.lodestone.community.LotteryDraw;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A lottery: its public state, entries, the proof of its draw, a winner's prize. */
@Path("/v1/community/lotteries/{lotteryId}")
@Tag(name = TAG)
public class LotteryResource {

    /** Everything needed to check the draw: {@code java -jar quarkus-run.jar verify-lottery <file|url>}. */
    public record Proof(
            String lotteryId,
            int winnersCount,
            String commitment,
            String seed,
            String entriesHash,
            List<String> entries,
            List<String> winners,
            String algorithm) {}

    /** An accepted entry; {@code entryId} is how the entry appears in the proof's entries and winners. */
    public record Entered(String lotteryId, String userId, String entryId) {}

    /** A winner's prize: a coupon, usable once at checkout. */
    public record Prize(String lotteryId, String userId, String code) {}

    static final String ENTRY_KIND = "lottery-entry";

    private final CommunityReads reads;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final PointsMetrics metrics;

    LotteryResource(CommunityReads reads, PointsGateway gateway, SecurityIdentity identity, PointsMetrics metrics) {
        this.reads = reads;
        this.gateway = gateway;
        this.identity = identity;
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "getLottery",
            summary = "A lottery: window, commitment, entry count; once drawn the winners and the revealed seed")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Lottery.class)))
    @APIResponse(responseCode = "404", description = "not_found")
    @ProjectionRead
    public Uni<Lottery> get(@PathParam("lotteryId") String lotteryId) {
        Ids.require("lotteryId", lotteryId);
        return reads.lottery(lotteryId).map(l -> {
            if (l == null) {
                throw ApiException.notFound("lottery", lotteryId);
            }
            return l;
        });
    }

    @GET
    @Path("/proof")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.MODERATOR, Roles.ADMIN})
    @Operation(
            operationId = "getLotteryProof",
            summary =
                    "The proof of a drawn lottery: seed, commitment, ordered entries, their hash, winners; 409 before")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Proof.class)))
    @APIResponse(responseCode = "409", description = "not_drawn: the lottery is still open")
    @ProjectionRead
    public Uni<Proof> proof(@PathParam("lotteryId") String lotteryId) {
        return get(lotteryId).map(l -> {
            if (!Lottery.CLOSED.equals(l.status())) {
                throw new ApiException(409, "not_drawn", "the lottery is drawn at " + l.endsAt());
            }
            return new Proof(
                    l.lotteryId(),
                    l.winnersCount(),
                    l.commitment(),
                    l.seed(),
                    l.entriesHash(),
                    l.entries(),
                    l.winners(),
                    LotteryDraw.ALGORITHM);
        });
    }

    @POST
    @Path("/entries")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(
            operationId = "enterLottery",
            summary = "Enter a lottery, once per member during its window: 201, 409 already_entered/not_started/closed",
            description = "Shopper tokens only, for the shopper the token names, who must be a member of the"
                    + " lottery's group. The body carries nothing: no caller picks a prize or a chance.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = Entered.class)))
    @APIResponse(responseCode = "403", description = "not_member")
    @APIResponse(responseCode = "409", description = "already_entered, not_started, closed")
    @APIResponse(
            responseCode = "503",
            description = "unavailable: not decided in time; retry with the same Idempotency-Key")
    @ProjectionRead
    public Uni<Response> enter(
            @PathParam("lotteryId") String lotteryId,
            @Parameter(description = "optional; a retry with the same key gets the same answer")
                    @HeaderParam(PointsRequests.IDEMPOTENCY_KEY)
                    String key) {
        String userId = CommunityRequests.self(identity);
        String requestId = CommunityRequests.requestId("lte", "lottery-entry", lotteryId, userId, key);
        LotteryCommand command =
                new LotteryCommand(LotteryCommand.Type.ENTER, lotteryId, requestId, userId, null, Instant.now());
        return get(lotteryId)
                .chain(l -> CommunityRequests.decide(
                        reads,
                        gateway,
                        metrics,
                        ENTRY_KIND,
                        l.groupId(),
                        userId,
                        requestId,
                        CommunityTopics.LOTTERY_COMMANDS,
                        LotteryCommand.key(lotteryId),
                        command))
                .map(decision -> PointsRequests.json(201, new Entered(lotteryId, userId, requestId)));
    }

    @GET
    @Path("/prize")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SHOPPER)
    @Operation(operationId = "getLotteryPrize", summary = "A winner's own prize (its coupon code); 404 for anyone else")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Prize.class)))
    @APIResponse(responseCode = "404", description = "not_found: no prize for this shopper (yet)")
    @ProjectionRead
    public Uni<Prize> prize(@PathParam("lotteryId") String lotteryId) {
        Ids.require("lotteryId", lotteryId);
        String userId = CommunityRequests.self(identity);
        return gateway.stored(Lottery.prizeId(lotteryId, userId)).map(d -> {
            if (d == null || !d.ok() || !userId.equals(d.userId())) {
                throw ApiException.notFound("prize", lotteryId);
            }
            return new Prize(lotteryId, userId, d.couponCode());
        });
    }
}
