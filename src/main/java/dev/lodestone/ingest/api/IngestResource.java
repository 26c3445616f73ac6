package dev.lodestone.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.ingest.EventPublisher;
import dev.lodestone.ingest.EventValidator;
import dev.lodestone.ingest.IngestConfig;
import dev.lodestone.ingest.IngestMetrics;
import dev.lodestone.ingest.IngestMetrics.Outcome;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.errors.JsonProblems;
import dev.lodestone.platform.ratelimit.RateLimiter;
import dev.lodestone.platform.security.Roles;
import dev.lodestone.recommend.RecommendMetrics;
import dev.lodestone.recommend.store.OwnEvents;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/events}: the front door of every shopper signal. */
@Path("/v1/events")
@Tag(name = IngestResource.TAG, description = "Shopper events: the intake of everything the engine learns from")
public class IngestResource {

    static final String TAG = "Events";

    /** What the intake answers once the broker has every record. */
    @Schema(name = "EventsAccepted", examples = "{\"accepted\":2}")
    public record Accepted(
            @Schema(description = "events the broker acknowledged")
            int accepted) {}

    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private final EventValidator validator;
    private final SecurityIdentity identity;
    private final RecommendMetrics recommendMetrics;
    private final OwnEvents ownEvents;
    private final RateLimiter rateLimiter;

    IngestResource(
            EventPublisher publisher,
            IngestMetrics metrics,
            IngestConfig config,
            SecurityIdentity identity,
            RecommendMetrics recommendMetrics,
            OwnEvents ownEvents,
            RateLimiter rateLimiter) {
        this.recommendMetrics = recommendMetrics;
        this.ownEvents = ownEvents;
        this.rateLimiter = rateLimiter;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.validator = EventValidator.from(this.config);
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.STOREFRONT, Roles.ADMIN, Roles.SHOPPER})
    @Operation(
            operationId = "postEvents",
            summary = "Accept one event or an array of up to 1,000; 202 once the broker acknowledged all",
            description = "Storefront and admin tokens (server-side) may post every event type for any shopper."
                    + " A shopper token may post only behavioural events (view, click, add_to_cart,"
                    + " remove_from_cart, search, impression) with its own userId: purchase, refund, review and"
                    + " share credit or debit points, so they must come from the storefront's server, which"
                    + " knows the real order (403 naming the type and index otherwise; nothing is published)."
                    + " Events count against the caller's events-per-second budget (429 with Retry-After)."
                    + " Every field, type and limit: docs/events.md.")
    @RequestBody(
            required = true,
            description = "One event, or an array of 1 to lodestone.ingest.max-batch (default 1,000) events;"
                    + " at most lodestone.ingest.max-body-bytes (default 1 MiB). All or nothing: one invalid"
                    + " event refuses the whole batch.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(oneOf = {EventInput.class, EventInput[].class}),
                            examples = {
                                @ExampleObject(
                                        name = "batch",
                                        value = "[{\"eventId\":\"e-1\",\"type\":\"view\",\"userId\":\"alice\","
                                                + "\"itemId\":\"phone-1\"},{\"eventId\":\"e-2\","
                                                + "\"type\":\"add_to_cart\",\"userId\":\"alice\",\"itemId\":"
                                                + "\"phone-1\",\"quantity\":1,\"price\":299,\"currency\":\"CNY\"}]"),
                                @ExampleObject(
                                        name = "purchase",
                                        value = "{\"eventId\":\"e-4\",\"type\":\"purchase\",\"userId\":"
                                                + "\"alice\",\"itemId\":\"phone-1\",\"quantity\":1,\"price\":299,"
                                                + "\"currency\":\"CNY\"}")
                            }))
    @APIResponse(
            responseCode = "202",
            description = "every event is on the broker; what they change is visible within a second or so",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "invalid_events (errors names index, field and reason of each problem),"
                    + " malformed_json or invalid_request; nothing was published")
    @APIResponse(
            responseCode = "403",
            description = "a shopper token posted an event that moves points, or for another userId;"
                    + " errors names each; nothing was published")
    @APIResponse(
            responseCode = "413",
            description = "payload_too_large (body) or too_many_events (batch); nothing was published")
    @APIResponse(responseCode = "429", description = "rate_limited: the client's event budget is spent")
    @APIResponse(
            responseCode = "503",
            description = "unavailable: the broker did not acknowledge in time; retry with the same eventIds")
    public Uni<jakarta.ws.rs.core.Response> ingest(byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw new ApiException(
                    413,
                    "payload_too_large",
                    "the body has " + body.length + " bytes; the limit is " + config.maxBodyBytes());
        }
        List<ShopperEvent> events = validate(parse(body));
        authorize(events);
        rateLimiter.requireEvents(identity, events.size());
        return publisher
                .publish(events)
                .ifNoItem()
                .after(config.publishTimeout())
                .fail()
                .onItemOrFailure()
                .transform((ok, failure) -> {
                    if (failure != null) {
                        events.forEach(e -> metrics.ingested(e.type(), Outcome.FAILED, 1));
                        throw ApiException.unavailable(
                                "the broker did not acknowledge the events; retry with the same eventIds", 1);
                    }
                    events.forEach(e -> {
                        metrics.ingested(e.type(), Outcome.ACCEPTED, 1);
                        recommendMetrics.feedback(e);
                    });
                    ownEvents.accepted(events);
                    return jakarta.ws.rs.core.Response.accepted(new Accepted(events.size()))
                            .type(MediaType.APPLICATION_JSON_TYPE)
                            .build();
                });
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("body", "is empty; send an event object or an array of events");
        }
        try {
            return EventValidator.READER.readTree(body);
        } catch (JsonProcessingException e) {
            metrics.ingested(null, Outcome.REJECTED, 1);
            throw JsonProblems.refusal(e);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "could not be read");
        }
    }

    private List<ShopperEvent> validate(JsonNode root) {
        List<JsonNode> nodes = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw ApiException.badRequest("body", "the array is empty");
            }
            if (root.size() > config.maxBatch()) {
                throw new ApiException(
                        413,
                        "too_many_events",
                        "the batch has " + root.size() + " events; the limit is " + config.maxBatch());
            }
            root.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        Instant now = Instant.now();
        List<ShopperEvent> events = new ArrayList<>(nodes.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            EventValidator.Outcome outcome = validator.validate(nodes.get(i), i, now);
            if (outcome.valid()) {
                events.add(outcome.event());
            } else {
                errors.addAll(outcome.errors());
            }
        }
        if (!errors.isEmpty()) {
            nodes.forEach(n -> metrics.ingested(typeOf(n), Outcome.REJECTED, 1));
            long bad = errors.stream().map(FieldError::index).distinct().count();
            throw ApiException.invalid(
                    "invalid_events", bad + " of " + nodes.size() + " events are invalid; none was accepted", errors);
        }
        return events;
    }

    /**
     * The intake's trust model (docs/points.md, "Who may post what"): storefront and admin tokens are
     * server-side and post any event for any shopper. Any other token is a shopper's own, held on a
     * device the shopper controls: it may post behavioural events about itself only, never an event
     * that moves value, because nothing it sends can be checked against a real order.
     */
    private void authorize(List<ShopperEvent> events) {
        if (identity.hasRole(Roles.STOREFRONT) || identity.hasRole(Roles.ADMIN)) {
            return;
        }
        String self = identity.getPrincipal().getName();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ShopperEvent event = events.get(i);
            if (event.type().movesValue()) {
                errors.add(new FieldError(
                        i,
                        "type",
                        "a shopper token may not post '" + event.type().wireName()
                                + "' events; they come from the storefront's server"));
            }
            if (!self.equals(event.userId())) {
                errors.add(new FieldError(i, "userId", "a shopper token may only post events with its own userId"));
            }
        }
        if (!errors.isEmpty()) {
            events.forEach(e -> metrics.ingested(e.type(), Outcome.REJECTED, 1));
            long refused = errors.stream().map(FieldError::index).distinct().count();
            throw new ApiException(
                    403,
                    "forbidden",
                    refused + " of " + events.size()
                            + " events may not be posted with a shopper token; none was accepted",
                    errors,
                    Map.of());
        }
    }

    private static EventType typeOf(JsonNode node) {
        JsonNode type = node.isObject() ? node.get("type") : null;
        return type != null && type.isTextual()
                ? EventType.fromWireName(type.asText()).orElse(null)
                : null;
    }
}
