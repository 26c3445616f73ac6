package dev.lodestone.gifts.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsKeys;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.points.api.PointsRequests;
import dev.lodestone.points.store.PointsGateway;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The gift shop's catalogue: read by everyone, changed by marketers. */
@Path("/v1/gifts")
@Tag(name = GiftResource.TAG, description = "The gift shop: gifts for points, exchanges and coupons")
public class GiftResource {

    static final String TAG = "Gifts";

    /** The documented body of {@code PUT /v1/gifts/{giftId}} (read field by field, to name the one at fault). */
    @Schema(
            name = "GiftInput",
            requiredProperties = {"name", "cost", "stock", "kind"},
            examples = "{\"name\":\"10 CNY coupon\",\"cost\":100,\"stock\":50,\"kind\":\"coupon\"}")
    public record GiftInput(
            @Schema(minLength = 1, maxLength = 200) String name,

            @Schema(description = "points one unit costs", minimum = "1", maximum = "1000000000")
            long cost,

            @Schema(description = "units available from now on", minimum = "0", maximum = "1000000000")
            long stock,

            @Schema(
                    description = "coupon gifts issue a one-time code on exchange",
                    enumeration = {"coupon", "discount", "physical"})
            String kind,

            @Schema(description = "exchangeable from (ISO-8601 instant or epoch milliseconds)")
            Instant validFrom,

            @Schema(description = "exchangeable until, exclusive; after validFrom")
            Instant validTo) {}

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection projection;
    private final PointsGateway gateway;

    GiftResource(ReactiveRedisDataSource redis, PointsGateway gateway) {
        this.redis = redis;
        this.projection = new VersionedProjection(redis);
        this.gateway = gateway;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "listGifts",
            summary = "Every gift with its live stock, by id",
            description = "Every role may read the gift shop.")
    @ProjectionRead
    public Uni<List<Gift>> list() {
        return redis.set(String.class)
                .smembers(GiftsKeys.GIFT_IDS)
                .onItem()
                .transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem()
                .transformToUniAndConcatenate(id -> projection.read(GiftsKeys.gift(id)))
                .filter(Objects::nonNull)
                .map(GiftResource::parse)
                .collect()
                .asList()
                .map(gifts -> gifts.stream()
                        .sorted(Comparator.comparing(Gift::giftId))
                        .toList());
    }

    @GET
    @Path("/{giftId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
    @Operation(operationId = "getGift", summary = "One gift with its live stock")
    @APIResponse(
            responseCode = "200",
            description = "the gift",
            content = @Content(schema = @Schema(implementation = Gift.class)))
    @APIResponse(responseCode = "404", description = "not_found: no such gift")
    @ProjectionRead
    public Uni<Gift> get(@PathParam("giftId") String giftId) {
        Ids.require("giftId", giftId);
        return projection.read(GiftsKeys.gift(giftId)).map(json -> {
            if (json == null) {
                throw ApiException.notFound("gift", giftId);
            }
            return parse(json);
        });
    }

    @PUT
    @Path("/{giftId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "putGift",
            summary = "Create or change a gift; stock sets the units available now",
            description = "Marketer and admin tokens only: this sets what a gift costs and how many units"
                    + " exist, so it creates prizes; shoppers and storefronts can only exchange for them.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GiftInput.class)))
    @APIResponse(
            responseCode = "200",
            description = "the gift as sent to the shop; its stock is live once the shop applied it",
            content = @Content(schema = @Schema(implementation = Gift.class)))
    public Uni<Gift> put(@PathParam("giftId") String giftId, byte[] body) {
        Ids.require("giftId", giftId);
        JsonNode json = PointsRequests.object(body);
        String name = PointsRequests.text(json, "name", 200, true);
        long cost = PointsRequests.points(json, "cost", 1, true);
        long stock = PointsRequests.points(json, "stock", 0, true);
        String kind = PointsRequests.text(json, "kind", 20, true);
        if (!Gift.KINDS.contains(kind)) {
            throw ApiException.badRequest("kind", "must be one of coupon, discount, physical");
        }
        Instant validFrom = instant(json, "validFrom");
        Instant validTo = instant(json, "validTo");
        if (validFrom != null && validTo != null && !validFrom.isBefore(validTo)) {
            throw ApiException.badRequest("validTo", "must be after validFrom");
        }
        Instant now = Instant.now();
        Gift gift = new Gift(giftId, name, cost, stock, kind, validFrom, validTo, 0, 0, 0, now);
        GiftCommand command =
                new GiftCommand(GiftCommand.Type.UPSERT, giftId, null, null, gift, null, null, null, null, now);
        return gateway.send(GiftsTopics.GIFT_COMMANDS, GiftCommand.giftKey(giftId), command)
                .replaceWith(gift);
    }

    private static Instant instant(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isIntegralNumber()) {
                return Instant.ofEpochMilli(value.asLong());
            }
            if (value.isTextual()) {
                return Instant.parse(value.asText());
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal
        }
        throw ApiException.badRequest(field, "must be an ISO-8601 instant or epoch milliseconds");
    }

    static Gift parse(String json) {
        try {
            return JsonSerde.MAPPER.readValue(json, Gift.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
