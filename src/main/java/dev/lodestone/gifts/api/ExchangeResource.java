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

/** Exchanging points for a gift: the saga reserve → debit → confirm, answered by its decision. */
@Path("/v1/users/{userId}/gifts/{giftId}/exchanges")
public class ExchangeResource {

    /** A confirmed exchange; {@code coupon} only for coupon gifts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exchange(String exchangeId, String status, long balance, Coupon coupon) {}

    /** The code a coupon gift issued, usable once. */
    public record Coupon(String code) {}

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
            summary = "Exchange points for one unit of a gift; 201, 409 out_of_stock/insufficient_points, 404, 202",
            description = "The shopper themself (own userId only) or a storefront/admin token acting for any"
                    + " shopper. It spends the gift's cost and takes one unit of existing stock; the price and the"
                    + " stock are the marketer's (PUT /v1/gifts), never the caller's.")
    public Uni<Response> exchange(
            @PathParam("userId") String userId,
            @PathParam("giftId") String giftId,
            @HeaderParam(PointsRequests.IDEMPOTENCY_KEY) String idempotencyKey) {
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
                .map(decision -> decision == null
                        ? PointsRequests.pending("exchangeId", exchangeId, statusUrl(userId, giftId, exchangeId))
                        : answer(decision, 201));
    }

    @GET
    @Path("/{exchangeId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(summary = "The decision of an exchange: 200, 409, 404, or 202 while undecided")
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
                return PointsRequests.pending("exchangeId", exchangeId, statusUrl(userId, giftId, exchangeId));
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

    private static String statusUrl(String userId, String giftId, String exchangeId) {
        return "/v1/users/" + userId + "/gifts/" + giftId + "/exchanges/" + exchangeId;
    }
}
