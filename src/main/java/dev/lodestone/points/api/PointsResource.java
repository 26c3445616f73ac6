package dev.lodestone.points.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.Decision;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsKeys;
import dev.lodestone.points.PointsMetrics;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.points.RequestIds;
import dev.lodestone.points.store.PointsGateway;
import dev.lodestone.points.store.PointsProjection.Balance;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shopper's points: balance and history from Redis, redemptions decided by the ledger. */
@Path("/v1/users/{userId}/points")
@Tag(name = PointsResource.TAG, description = "Points: balances, history, redemptions and the earn rules")
public class PointsResource {

    static final String TAG = "Points";

    /** One page of history, newest first; pass {@code nextCursor} back as {@code cursor}. */
    public record History(
            String userId,

            @Schema(type = SchemaType.ARRAY, implementation = LedgerEntry.class)
            List<JsonNode> entries,

            @Schema(description = "absent on the last page") String nextCursor) {}

    /** A decided redemption. */
    @Schema(examples = "{\"redemptionId\":\"rdm-…\",\"balance\":199}")
    public record Redemption(
            String redemptionId,
            @Schema(description = "the balance after it") long balance) {}

    /** A redemption not decided yet: poll {@code statusUrl} (also in {@code Location}). */
    public record RedemptionPending(
            String redemptionId,
            @Schema(enumeration = "pending") String status,
            String statusUrl) {}

    /** The documented body of a redemption (read field by field, to name the one at fault). */
    @Schema(requiredProperties = "points", examples = "{\"points\":100,\"reason\":\"coupon\"}")
    public record RedemptionRequest(
            @Schema(minimum = "1", maximum = "1000000000") long points,
            @Schema(minLength = 1, maxLength = 200) String reason) {}

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection projection;
    private final PointsGateway gateway;
    private final SecurityIdentity identity;
    private final PointsMetrics metrics;

    PointsResource(
            ReactiveRedisDataSource redis, PointsGateway gateway, SecurityIdentity identity, PointsMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.projection = new VersionedProjection(redis);
        this.gateway = gateway;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getPointsBalance",
            summary = "A shopper's points balance, from Redis; 0 for a shopper without entries")
    @ProjectionRead
    public Uni<Balance> balance(@PathParam("userId") String userId) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        return projection.read(PointsKeys.pointsBalance(userId)).map(json -> {
            if (json == null) {
                return new Balance(userId, 0, Instant.now(), 0);
            }
            try {
                return JsonSerde.MAPPER.readValue(json, Balance.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getPointsHistory", summary = "A shopper's ledger entries, newest first, paged by cursor")
    @ProjectionRead
    public Uni<History> history(
            @PathParam("userId") String userId,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "20"))
                    @QueryParam("limit")
                    String limit) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        int size = parse("limit", limit, 20, 1, 200);
        long before =
                cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : parse("cursor", cursor, 0, 1, Long.MAX_VALUE);
        String max = before == Long.MAX_VALUE ? "+inf" : "(" + before;
        return redis.execute(
                        Command.ZREVRANGEBYSCORE,
                        PointsKeys.pointsHistory(userId),
                        max,
                        "-inf",
                        "LIMIT",
                        "0",
                        String.valueOf(size))
                .map(response -> {
                    List<JsonNode> entries = new ArrayList<>();
                    for (Response item : response) {
                        try {
                            entries.add(JsonSerde.MAPPER.readTree(item.toString()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    String next = entries.size() < size
                            ? null
                            : entries.getLast().path("version").asText();
                    return new History(userId, entries, next);
                });
    }

    @POST
    @Path("/redemptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "redeemPoints",
            summary = "Spend points; 201 with the new balance, 409 insufficient_points, 202 while undecided",
            description = "The shopper themself (own userId only) or a storefront/admin token acting for any"
                    + " shopper. It can only take points away (points from 1 to 10^9, never more than the"
                    + " balance): no caller creates points here.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RedemptionRequest.class)))
    @APIResponse(
            responseCode = "201",
            description = "spent (or was, by a retry with the same Idempotency-Key)",
            content = @Content(schema = @Schema(implementation = Redemption.class)))
    @APIResponse(
            responseCode = "202",
            description = "not decided yet: poll statusUrl (Location) with the same answer codes",
            content = @Content(schema = @Schema(implementation = RedemptionPending.class)))
    @APIResponse(responseCode = "409", description = "insufficient_points: refused, nothing spent")
    @APIResponse(
            responseCode = "422",
            description = "idempotency_key_reused: this key was already used with other points or reason")
    public Uni<jakarta.ws.rs.core.Response> redeem(
            @PathParam("userId") String userId,
            @Parameter(
                            required = true,
                            description = "1-255 printable characters; a retry with the same key returns the same"
                                    + " redemption and spends nothing twice")
                    @HeaderParam(PointsRequests.IDEMPOTENCY_KEY)
                    String idempotencyKey,
            byte[] body) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        String key = PointsRequests.idempotencyKey(idempotencyKey);
        JsonNode json = PointsRequests.object(body);
        long points = PointsRequests.points(json, "points", 1, true);
        String reason = PointsRequests.text(json, "reason", 200, false);
        String requestId = RequestIds.redemption(userId, key);
        String fingerprint = RequestIds.fingerprint(String.valueOf(points), reason == null ? "" : reason);
        PointsCommand command = new PointsCommand(
                PointsCommand.Type.REDEEM, requestId, userId, points, reason, fingerprint, null, Instant.now());
        return gateway.remember(requestId, fingerprint)
                .chain(stored -> {
                    if (!stored.equals(fingerprint)) {
                        throw PointsRequests.reused();
                    }
                    return gateway.request(
                            requestId,
                            fingerprint,
                            PointsTopics.POINTS_COMMANDS,
                            ShopperEvent.userKey(userId),
                            command);
                })
                .invoke(decision -> metrics.answered(Decision.REDEMPTION, decision))
                .map(decision -> decision == null ? pending(userId, requestId) : answer(decision, 201));
    }

    @GET
    @Path("/redemptions/{redemptionId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getRedemption",
            summary = "The decision of a redemption: 200, 409, or 202 while undecided")
    @APIResponse(
            responseCode = "200",
            description = "spent",
            content = @Content(schema = @Schema(implementation = Redemption.class)))
    @APIResponse(
            responseCode = "202",
            description = "not decided yet",
            content = @Content(schema = @Schema(implementation = RedemptionPending.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such redemption for this shopper")
    @APIResponse(responseCode = "409", description = "insufficient_points: refused, nothing spent")
    @ProjectionRead
    public Uni<jakarta.ws.rs.core.Response> redemption(
            @PathParam("userId") String userId, @PathParam("redemptionId") String redemptionId) {
        Ids.require("userId", userId);
        Ids.require("redemptionId", redemptionId);
        Access.requireSelfUnlessStaff(identity, userId);
        return gateway.stored(redemptionId).chain(decision -> {
            if (decision != null && userId.equals(decision.userId())) {
                return Uni.createFrom().item(answer(decision, 200));
            }
            return gateway.known(redemptionId).map(known -> {
                if (!known || decision != null) {
                    throw ApiException.notFound("redemption", redemptionId);
                }
                return pending(userId, redemptionId);
            });
        });
    }

    private static jakarta.ws.rs.core.Response answer(Decision decision, int okStatus) {
        ApiException refusal = PointsRequests.refusal(decision);
        if (refusal != null) {
            throw refusal;
        }
        return PointsRequests.json(okStatus, new Redemption(decision.requestId(), decision.balance()));
    }

    private static jakarta.ws.rs.core.Response pending(String userId, String redemptionId) {
        String statusUrl = "/v1/users/" + userId + "/points/redemptions/" + redemptionId;
        return PointsRequests.pending(new RedemptionPending(redemptionId, "pending", statusUrl), statusUrl);
    }

    private static long parse(String field, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw ApiException.badRequest(field, "must be from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "must be an integer");
        }
    }

    private static int parse(String field, String value, int fallback, int min, int max) {
        return (int) parse(field, value, (long) fallback, min, (long) max);
    }
}
