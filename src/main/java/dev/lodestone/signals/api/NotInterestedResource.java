package dev.lodestone.signals.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.platform.security.UntrustedJson;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.signals.Feedback;
import dev.lodestone.signals.FeedbackPublisher;
import dev.lodestone.signals.SignalsMetrics;
import dev.lodestone.signals.store.NotInterestedStore;
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
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/users/{userId}/feedback/items/{itemId}}: "not interested" (or a thumbs-down on a
 * recommendation). The item leaves the shopper's recommendations at once and its close neighbours rank
 * lower for them; it counts as negative feedback about the item.
 */
@Path("/v1/users/{userId}/feedback/items/{itemId}")
@Tag(name = "Signals", description = "Shopping-experience signals: cart abandonment, funnels, feedback")
public class NotInterestedResource {

    /** How many of the item's close neighbours are demoted for the shopper. */
    static final int DEMOTED_NEIGHBOURS = 10;

    static final Set<String> REASONS = Set.of("not_interested", "thumbs_down");

    private static final ObjectReader JSON = UntrustedJson.reader(3);

    /** The body: why, and optionally the recommendation the item was shown in. */
    public record NotInterestedRequest(
            @Schema(
                    enumeration = {"not_interested", "thumbs_down"},
                    defaultValue = "not_interested")
            String reason,

            @Schema(description = "the recommendation the item was shown in")
            String recommendationId) {}

    /** The answer: what was marked, and which neighbours were demoted. */
    public record Marked(String feedbackId, String itemId, List<String> demoted) {}

    private final FeedbackPublisher publisher;
    private final NotInterestedStore store;
    private final SecurityIdentity identity;
    private final SignalsMetrics metrics;

    NotInterestedResource(
            FeedbackPublisher publisher, NotInterestedStore store, SecurityIdentity identity, SignalsMetrics metrics) {
        this.publisher = publisher;
        this.store = store;
        this.identity = identity;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "markNotInterested",
            summary = "Not interested in an item: it leaves this shopper's recommendations at once, its close"
                    + " neighbours rank lower for them",
            description = "The shopper themself (own userId only), or a storefront/admin on their behalf. Moves no"
                    + " value; counts as negative feedback about the item in GET /v1/feedback/summary.")
    @RequestBody(content = @Content(schema = @Schema(implementation = NotInterestedRequest.class)))
    @APIResponse(
            responseCode = "202",
            description = "on the broker, and already honoured by the next recommendation",
            content = @Content(schema = @Schema(implementation = Marked.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: userId, itemId, reason or recommendationId")
    public Uni<Response> mark(@PathParam("userId") String userId, @PathParam("itemId") String itemId, String body) {
        Ids.require("userId", userId);
        Ids.require("itemId", itemId);
        Access.requireSelfUnlessStaff(identity, userId);
        validate(body);
        String shopperKey = ShopperEvent.userKey(userId);
        return store.neighbours(itemId, DEMOTED_NEIGHBOURS)
                .onFailure()
                .recoverWithItem(List.of())
                .chain(neighbours -> {
                    Feedback feedback = new Feedback(
                            UUID.randomUUID().toString(),
                            userId,
                            null,
                            null,
                            null,
                            new Feedback.About("item", itemId),
                            Feedback.NOT_INTERESTED,
                            Instant.now(),
                            neighbours);
                    return publisher
                            .publish(shopperKey, feedback)
                            .invoke(() -> metrics.accepted(feedback))
                            // After the broker ack: the request's own mark, so the next list already honours it.
                            .chain(() -> store.markNow(shopperKey, itemId, neighbours))
                            .replaceWith(Response.accepted(new Marked(feedback.feedbackId(), itemId, neighbours))
                                    .type(MediaType.APPLICATION_JSON_TYPE)
                                    .build());
                });
    }

    /** A 400 naming the field for anything malformed in the (optional) body. */
    private static void validate(String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        JsonNode reason = root.get("reason");
        if (reason != null && !reason.isNull() && (!reason.isTextual() || !REASONS.contains(reason.asText()))) {
            throw ApiException.badRequest("reason", "must be not_interested or thumbs_down");
        }
        JsonNode rec = root.get("recommendationId");
        if (rec != null && !rec.isNull() && (!rec.isTextual() || !Ids.valid(rec.asText()))) {
            throw ApiException.badRequest("recommendationId", Ids.RULE);
        }
    }
}
