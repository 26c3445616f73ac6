package dev.lodestone.gifts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsMetrics;
import dev.lodestone.points.RequestIds;
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

/** Exchanging points for a gift: the saga reserve → debit → confirm, answered by its decision. */
@Path("/v1/users/{userId}/gifts/{giftId}/exchanges")
@Tag(name = GiftResource.TAG)
public class ExchangeResource {

    /** A confirmed exchange; {@code coupon} only for coupon gifts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(
            examples =
                    "{\"exchangeId\":\"exc-…\",\"status\":\"confirmed\",\"balance\":199,\"coupon\":{\"code\":\"…\"}}")
    public record Exchange(
            String exchangeId,
            @Schema(enumeration = "confirmed") String status,

            @Schema(description = "the shopper's balance after the debit")
            long balance,

            @Schema(description = "only for coupon gifts") Coupon coupon) {}

    /** The code a coupon gift issued, usable once. */
    public record Coupon(String code) {}

    /** An exchange not decided yet: poll {@code statusUrl} (also in {@code Location}). */
    public record ExchangePending(
            String exchangeId,
            @Schema(enumeration = "pending") String status,
            String statusUrl) {}

    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final PointsMetrics metrics;

    ExchangeResource(PointsGateway gateway, SecurityIdentity identity, PointsMetrics metrics) {
        this.metrics = metrics;
        this.gateway = gateway;
        this.identity = identity;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "exchangeGift",
            summary = "Exchange points for one unit of a gift; 201, 409 out_of_stock/insufficient_points, 404, 202",
            description = "The shopper themself (own userId only) or a storefront/admin token acting for any"
                    + " shopper. It spends the gift's cost and takes one unit of existing stock; the price and the"
                    + " stock are the marketer's (PUT /v1/gifts), never the caller's.")
    @APIResponse(
            responseCode = "201",
            description = "confirmed: the points are spent and one unit is the shopper's",
            content = @Content(schema = @Schema(implementation = Exchange.class)))
    @APIResponse(
            responseCode = "202",
            description = "not decided yet: poll statusUrl (Location) with the same answer codes",
            content = @Content(schema = @Schema(implementation = ExchangePending.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such gift")
    @APIResponse(
            responseCode = "409",
            description = "refused, nothing spent: out_of_stock, insufficient_points or gift_unavailable")
    @APIResponse(
            responseCode = "422",
            description = "idempotency_key_reused: this key was already used for another gift")
    public Uni<Response> exchange(
            @PathParam("userId") String userId,
            @PathParam("giftId") String giftId,
            @Parameter(
                            required = true,
                            description = "1-255 printable characters; a retry with the same key returns the same"
                                    + " exchange and spends nothing twice")
                    @HeaderParam(PointsRequests.IDEMPOTENCY_KEY)
                    String idempotencyKey) {
        Ids.require("userId", userId);
        Ids.require("giftId", giftId);
        Access.requireSelfUnlessStaff(identity, userId);
        String key = PointsRequests.idempotencyKey(idempotencyKey);
        String exchangeId = RequestIds.exchange(userId, key);
        String fingerprint = RequestIds.fingerprint("gift", giftId);
        GiftCommand reserve = new GiftCommand(
                GiftCommand.Type.RESERVE,
                giftId,
                exchangeId,
                userId,
                null,
                null,
                null,
                null,
                fingerprint,
                Instant.now());
        return gateway.remember(exchangeId, fingerprint)
                .chain(stored -> {
                    if (!stored.equals(fingerprint)) {
                        throw PointsRequests.reused();
                    }
                    return gateway.request(
                            exchangeId, null, GiftsTopics.GIFT_COMMANDS, GiftCommand.giftKey(giftId), reserve);
                })
                .invoke(decision -> metrics.answered(Decision.EXCHANGE, decision))
                .map(decision -> decision == null ? pending(userId, giftId, exchangeId) : answer(decision, 201));
    }

    @GET
    @Path("/{exchangeId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getExchange",
            summary = "The decision of an exchange: 200, 409, 404, or 202 while undecided")
    @APIResponse(
            responseCode = "200",
            description = "confirmed",
            content = @Content(schema = @Schema(implementation = Exchange.class)))
    @APIResponse(
            responseCode = "202",
            description = "not decided yet",
            content = @Content(schema = @Schema(implementation = ExchangePending.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such exchange for this shopper")
    @APIResponse(responseCode = "409", description = "refused: out_of_stock, insufficient_points or gift_unavailable")
    @ProjectionRead
    public Uni<Response> status(
            @PathParam("userId") String userId,
            @PathParam("giftId") String giftId,
            @PathParam("exchangeId") String exchangeId) {
        Ids.require("userId", userId);
        Ids.require("giftId", giftId);
        Ids.require("exchangeId", exchangeId);
        Access.requireSelfUnlessStaff(identity, userId);
        return gateway.stored(exchangeId).chain(decision -> {
            if (decision != null && userId.equals(decision.userId())) {
                return Uni.createFrom().item(answer(decision, 200));
            }
            return gateway.known(exchangeId).map(known -> {
                if (!known || decision != null) {
                    throw ApiException.notFound("exchange", exchangeId);
                }
                return pending(userId, giftId, exchangeId);
            });
        });
    }

    private static Response answer(Decision decision, int okStatus) {
        ApiException refusal = PointsRequests.refusal(decision);
        if (refusal != null) {
            throw refusal;
        }
        Coupon coupon = decision.couponCode() == null ? null : new Coupon(decision.couponCode());
        return PointsRequests.json(
                okStatus, new Exchange(decision.requestId(), "confirmed", decision.balance(), coupon));
    }

    private static Response pending(String userId, String giftId, String exchangeId) {
        String statusUrl = "/v1/users/" + userId + "/gifts/" + giftId + "/exchanges/" + exchangeId;
        return PointsRequests.pending(new ExchangePending(exchangeId, "pending", statusUrl), statusUrl);
    }
}
