package dev.lodestone.ingest.api;

import dev.lodestone.ingest.EventValidator;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.shopper.EventType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One event as {@code POST /v1/events} reads it: the schema of the intake's body (docs/events.md).
 *
 * <p>The intake does not bind this record: {@link EventValidator} reads the raw JSON so that it can
 * name every problem of every event in a batch at once. The record states the same fields and limits
 * (the validator's constants), and a test keeps its components equal to {@link EventValidator#FIELDS}.
 */
@Schema(
        name = "Event",
        description = "One thing a shopper did. Unknown fields are refused. userId or sessionId is required;"
                + " itemId is required for every type but search and impression; search needs query; an"
                + " impression needs itemId or recommendationId. purchase, refund, review and share move points:"
                + " only storefront and admin tokens may post them (docs/events.md).",
        requiredProperties = {"eventId", "type"},
        examples = {
            "{\"eventId\":\"e-1001\",\"type\":\"purchase\",\"userId\":\"alice\",\"itemId\":\"phone-1\","
                    + "\"quantity\":1,\"price\":299,\"currency\":\"CNY\",\"occurredAt\":\"2026-11-24T10:15:30Z\"}"
        })
public record EventInput(
        @Schema(
                description = "Made by the client, unique per event: the de-duplication key everywhere"
                        + " downstream (posting the same eventId again changes nothing)."
                        + " It " + Ids.RULE + ".",
                minLength = 1,
                maxLength = EventValidator.MAX_ID,
                examples = "e-1001")
        String eventId,

        @Schema(description = "What the shopper did.") EventType type,

        @Schema(
                description = "The signed-in shopper. A shopper token may only name itself. It " + Ids.RULE + ".",
                minLength = 1,
                maxLength = EventValidator.MAX_ID,
                examples = "alice")
        String userId,

        @Schema(
                description = "An anonymous visit, when there is no userId. It " + Ids.RULE + ".",
                minLength = 1,
                maxLength = EventValidator.MAX_ID,
                examples = "s-7f3a")
        String sessionId,

        @Schema(
                description = "The item. It " + Ids.RULE + ".",
                minLength = 1,
                maxLength = EventValidator.MAX_ID,
                examples = "phone-1")
        String itemId,

        @Schema(
                description = "Units (cart, purchase, refund).",
                minimum = "1",
                maximum = "" + EventValidator.MAX_QUANTITY,
                examples = "1")
        Integer quantity,

        @Schema(
                description = "Unit price the shop charged; purchases earn points on price × quantity.",
                minimum = "0",
                maximum = EventValidator.MAX_PRICE_TEXT,
                examples = "299")
        BigDecimal price,

        @Schema(description = "ISO-4217 code.", pattern = EventValidator.CURRENCY_PATTERN, examples = "CNY")
        String currency,

        @Schema(
                description = "Stars of a review.",
                minimum = "" + EventValidator.MIN_RATING,
                maximum = "" + EventValidator.MAX_RATING,
                examples = "5")
        Integer rating,

        @Schema(
                description = "What the shopper searched for.",
                minLength = 1,
                maxLength = EventValidator.MAX_QUERY,
                examples = "phone case")
        String query,

        @Schema(
                description = "The recommendation list the item came from (its recommendationId): feeds"
                        + " the click-through metrics. It "
                        + Ids.RULE + ".",
                minLength = 1,
                maxLength = EventValidator.MAX_ID)
        String recommendationId,

        @Schema(
                description = "When it happened, with an offset; defaults to the time the intake received"
                        + " it. At most lodestone.ingest.max-clock-skew (default 5 minutes) in the future"
                        + " and lodestone.ingest.max-event-age (default 30 days) in the past.",
                examples = "2026-11-24T10:15:30Z")
        OffsetDateTime occurredAt,

        @Schema(
                type = SchemaType.OBJECT,
                description = "Free string attributes (e.g. category for points campaigns, page, device):"
                        + " at most lodestone.ingest.max-context-entries (default 20) entries, keys 1-"
                        + EventValidator.MAX_CONTEXT_KEY
                        + " characters, values at most "
                        + EventValidator.MAX_CONTEXT_VALUE
                        + " characters.",
                additionalProperties = String.class,
                examples = "{\"category\":\"电子产品\",\"page\":\"home\"}")
        Map<String, String> context) {}
