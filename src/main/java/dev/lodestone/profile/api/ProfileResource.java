package dev.lodestone.profile.api;

import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.profile.ForgetPublisher;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ProfileSettings;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/users/{userId}/profile} from Redis, and {@code DELETE /v1/users/{userId}} (forget). */
@Path("/v1/users/{userId}")
@Tag(name = "Shoppers")
public class ProfileResource {

    /** The profile as the API shows it. */
    public record ProfileView(
            String userId,
            List<ShopperProfile.Affinity> categories,
            List<ShopperProfile.Affinity> brands,
            ShopperProfile.PriceRange priceRange,
            List<String> recent,
            List<String> purchased) {}

    /** Answer of a forget request. */
    public record Forgetting(String userId, String status) {}

    static final int TOP = 10;

    private final VersionedProjection projection;
    private final ForgetPublisher forgetPublisher;
    private final SecurityIdentity identity;
    private final ProfileSettings settings;

    ProfileResource(
            ReactiveRedisDataSource redis,
            ForgetPublisher forgetPublisher,
            SecurityIdentity identity,
            ProfileConfig config) {
        this.projection = new VersionedProjection(redis);
        this.forgetPublisher = forgetPublisher;
        this.identity = identity;
        this.settings = ProfileSettings.from(config);
    }

    @GET
    @Path("/profile")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.AGENT, Roles.ADMIN})
    @Operation(
            operationId = "getProfile",
            summary = "Top categories and brands, preferred price range, recent and purchased items")
    @APIResponse(
            responseCode = "200",
            description = "the profile, scores decayed to now",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "404", description = "not_found: no profile for this shopper yet")
    @ProjectionRead
    public Uni<ProfileView> profile(@PathParam("userId") String userId) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        return projection
                .read(ProfileKeys.profile(ShopperEvent.userKey(userId)))
                .map(json -> {
                    if (json == null || json.isEmpty()) {
                        throw ApiException.notFound("shopper", userId);
                    }
                    return view(userId, parse(json));
                });
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.ADMIN})
    @Operation(
            operationId = "forgetShopper",
            summary = "Forget a shopper: profile, recent and purchased items, served state (tombstones)")
    @APIResponse(
            responseCode = "202",
            description = "the request to forget is on the broker; the shopper's state goes within seconds",
            content = @Content(schema = @Schema(implementation = Forgetting.class)))
    public Uni<Response> forget(@PathParam("userId") String userId) {
        Ids.require("userId", userId);
        Access.requireSelfUnlessStaff(identity, userId);
        return forgetPublisher
                .forget(ShopperEvent.userKey(userId))
                .replaceWith(Response.accepted(new Forgetting(userId, "forgetting"))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .build());
    }

    private ProfileView view(String userId, ShopperProfile profile) {
        double decay = profile.asOf() == null
                ? 1
                : Math.min(1, settings.decay(profile.asOf().toEpochMilli(), System.currentTimeMillis()));
        return new ProfileView(
                userId,
                ShopperProfile.ranked(profile.categories(), decay, TOP),
                ShopperProfile.ranked(profile.brands(), decay, TOP),
                profile.priceRange(),
                profile.recent().stream().map(ShopperProfile.RecentItem::itemId).toList(),
                profile.purchased().stream()
                        .map(ShopperProfile.PurchasedItem::itemId)
                        .toList());
    }

    private static ShopperProfile parse(String json) {
        try {
            return JsonSerde.MAPPER.readValue(json, ShopperProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
