package dev.lodestone.gifts.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsMetrics;
import dev.lodestone.points.RequestIds;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/coupons/{code}/redemptions}: the shop uses a coupon, once. */
@Path("/v1/coupons/{code}/redemptions")
@Tag(name = GiftResource.TAG)
public class CouponResource {

    /** A used coupon. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CouponRedemption(String code, String userId, String giftId, Instant redeemedAt) {}

    private final PointsGateway gateway;
    private final PointsMetrics metrics;

    CouponResource(PointsGateway gateway, PointsMetrics metrics) {
        this.metrics = metrics;
        this.gateway = gateway;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "redeemCoupon",
            summary =
                    "Use a coupon: 201 the first time (or a retry with the same Idempotency-Key), 409 coupon_used, 404",
            description = "Storefront and admin tokens only: the shop's checkout marks a coupon used when it"
                    + " applies it to an order. Codes are keyed with a server secret, so they cannot be derived"
                    + " from a user id or an Idempotency-Key; each can be used once.")
    @APIResponse(
            responseCode = "201",
            description = "the coupon is used now (or was, by a retry with the same Idempotency-Key)",
            content = @Content(schema = @Schema(implementation = CouponRedemption.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such coupon")
    @APIResponse(responseCode = "409", description = "coupon_used: the coupon was already used")
    @APIResponse(responseCode = "422", description = "idempotency_key_reused")
    @APIResponse(
            responseCode = "503",
            description = "unavailable: not decided in time; retry with the same Idempotency-Key")
    public Uni<Response> redeem(
            @PathParam("code") String code,
            @Parameter(description = "optional; a retry with the same key gets the same answer")
                    @HeaderParam(PointsRequests.IDEMPOTENCY_KEY)
                    String key) {
        Ids.require("code", code);
        String requestId = RequestIds.couponRedemption(
                code, key == null ? UUID.randomUUID().toString() : PointsRequests.idempotencyKey(key));
        GiftCommand command = new GiftCommand(
                GiftCommand.Type.REDEEM_COUPON, null, requestId, null, null, null, code, null, null, Instant.now());
        return gateway.request(requestId, null, GiftsTopics.GIFT_COMMANDS, GiftCommand.couponKey(code), command)
                .invoke(decision -> metrics.answered(Decision.COUPON, decision))
                .map(decision -> {
                    if (decision == null) {
                        throw ApiException.unavailable(
                                "the coupon was not decided in time; retry with the same Idempotency-Key", 1);
                    }
                    ApiException refusal = PointsRequests.refusal(decision);
                    if (refusal != null) {
                        throw refusal;
                    }
                    return PointsRequests.json(
                            201, new CouponRedemption(code, decision.userId(), decision.giftId(), decision.at()));
                });
    }
}
