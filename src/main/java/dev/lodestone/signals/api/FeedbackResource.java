package dev.lodestone.signals.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.projection.ProjectionRead;
import dev.lodestone.platform.security.Access;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.platform.security.UntrustedJson;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.signals.DayRange;
import dev.lodestone.signals.Feedback;
import dev.lodestone.signals.FeedbackPublisher;
import dev.lodestone.signals.FeedbackSummary;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.SignalsMetrics;
import dev.lodestone.signals.store.SignalsReads;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/feedback} (a shopper, or a storefront on their behalf) and {@code GET /v1/feedback/summary}. */
@Path("/v1/feedback")
@Tag(name = "Signals", description = "Shopping-experience signals: cart abandonment, funnels, feedback")
public class FeedbackResource {

    /** Longest free text, in characters. */
    public static final int MAX_TEXT = 2000;

    private static final ObjectReader JSON = UntrustedJson.reader(4);

    /** The body of {@code POST /v1/feedback}. */
    @Schema(description = "At least one of nps, csat and text.")
    public record FeedbackRequest(
            @Schema(required = true, examples = "u-42") String userId,

            @Schema(minimum = "0", maximum = "10", description = "How likely to recommend the shop, 0-10")
            Integer nps,

            @Schema(minimum = "1", maximum = "5", description = "Satisfaction, 1-5")
            Integer csat,

            @Schema(maxLength = MAX_TEXT, description = "Free text, Chinese or English", examples = "物流太慢了")
            String text,

            @Schema(description = "What it is about; absent means the shop")
            AboutRequest about) {}

    /** What feedback is about. */
    public record AboutRequest(
            @Schema(
                    required = true,
                    enumeration = {"order", "item", "recommendation", "conversation", "shop"})
            String type,

            @Schema(description = "the order, item, recommendationId or conversation id; none for the shop")
            String id) {}

    /** The answer of an accepted feedback. */
    public record Accepted(String feedbackId, String status) {}

    private final FeedbackPublisher publisher;
    private final SignalsReads reads;
    private final SecurityIdentity identity;
    private final SignalsMetrics metrics;

    FeedbackResource(
            FeedbackPublisher publisher, SignalsReads reads, SecurityIdentity identity, SignalsMetrics metrics) {
        this.publisher = publisher;
        this.reads = reads;
        this.identity = identity;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SHOPPER, Roles.STOREFRONT, Roles.ADMIN})
    @Operation(
            operationId = "postFeedback",
            summary =
                    "Leave feedback: NPS, CSAT and/or free text about an order, item, recommendation, chat or the shop",
            description = "A shopper for themself (own userId only), or a storefront/admin on a shopper's behalf."
                    + " Moves no value. 202 once the broker has it; it counts in the summaries within seconds.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = FeedbackRequest.class)))
    @APIResponse(
            responseCode = "202",
            description = "accepted",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: the fields named in errors")
    public Uni<Response> post(String body) {
        Feedback feedback = parse(body);
        Access.requireSelfUnlessStaff(identity, feedback.userId());
        return publisher
                .publish(ShopperEvent.userKey(feedback.userId()), feedback)
                .invoke(() -> metrics.accepted(feedback))
                .replaceWith(Response.accepted(new Accepted(feedback.feedbackId(), "accepted"))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .build());
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Operation(
            operationId = "getFeedbackSummary",
            summary = "Feedback counts, NPS with its 95 % interval, CSAT mean, daily and weekly trend, top keywords"
                    + " per band with example snippets",
            description = "Marketers and admins. Filter by what it is about and, for items, their top-level category."
                    + " Snippets are the shoppers' own words, shortened; they are not attributed to anyone.")
    @APIResponse(
            responseCode = "200",
            description = "the summary",
            content = @Content(schema = @Schema(implementation = FeedbackSummary.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: from/to, about or category invalid")
    @ProjectionRead
    public Uni<FeedbackSummary> summary(
            @Parameter(description = "first UTC day (ISO date)", required = true) @QueryParam("from") String from,
            @Parameter(description = "last UTC day (ISO date), inclusive", required = true) @QueryParam("to") String to,
            @Parameter(description = "order, item, recommendation, conversation or shop") @QueryParam("about")
                    String about,
            @Parameter(description = "a top-level category: feedback about its items") @QueryParam("category")
                    String category) {
        DayRange range = DayRange.parse(from, to);
        if (about != null && !Feedback.ABOUT_TYPES.contains(about)) {
            throw ApiException.badRequest("about", "must be one of order, item, recommendation, conversation, shop");
        }
        if (category != null) {
            TopCategory.require(category);
        }
        if (category != null && about != null && !about.equals("item")) {
            throw ApiException.badRequest("category", "applies to feedback about items only (about=item)");
        }
        String series = category != null ? "category:" + category : about != null ? "about:" + about : "all";
        return reads.daily(SignalsKeys.FEEDBACK, series, range)
                .map(days -> FeedbackSummary.of(range, about, category, days));
    }

    private static Feedback parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        String userId = text(root, "userId", errors);
        if (userId == null && !errors.stream().anyMatch(e -> e.field().equals("userId"))) {
            errors.add(FieldError.of("userId", "is required"));
        } else if (userId != null && !Ids.valid(userId)) {
            errors.add(FieldError.of("userId", Ids.RULE));
        }
        Integer nps = score(root, "nps", 0, 10, errors);
        Integer csat = score(root, "csat", 1, 5, errors);
        String text = text(root, "text", errors);
        if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT) {
            errors.add(FieldError.of("text", "at most " + MAX_TEXT + " characters"));
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
        if (nps == null && csat == null && text == null && errors.isEmpty()) {
            errors.add(FieldError.of("nps", "give at least one of nps, csat and text"));
        }
        Feedback.About about = about(root.get("about"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(
                    "invalid_request",
                    errors.getFirst().field() + ": " + errors.getFirst().reason(),
                    errors);
        }
        return new Feedback(
                UUID.randomUUID().toString(), userId, nps, csat, text, about, Feedback.FROM_API, Instant.now());
    }

    private static Feedback.About about(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return new Feedback.About("shop", null);
        }
        if (!node.isObject()) {
            errors.add(FieldError.of("about", "must be an object {type, id}"));
            return null;
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || !Feedback.ABOUT_TYPES.contains(type.asText())) {
            errors.add(FieldError.of("about.type", "must be one of order, item, recommendation, conversation, shop"));
            return null;
        }
        JsonNode id = node.get("id");
        if (type.asText().equals("shop")) {
            return new Feedback.About("shop", null);
        }
        if (id == null || !id.isTextual() || !Ids.valid(id.asText())) {
            errors.add(FieldError.of("about.id", "required for " + type.asText() + ": " + Ids.RULE));
            return null;
        }
        return new Feedback.About(type.asText(), id.asText());
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(FieldError.of(field, "must be a string"));
            return null;
        }
        return node.asText();
    }

    private static Integer score(JsonNode root, String field, int min, int max, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            errors.add(FieldError.of(field, "must be a whole number from " + min + " to " + max));
            return null;
        }
        return node.asInt();
    }
}
