package dev.lodestone.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.security.Ids;
import dev.lodestone.platform.security.UntrustedJson;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one JSON object into a {@link ShopperEvent}, or into the list of everything wrong with it.
 *
 * <p>The same rules guard the REST intake and the stream (records written to {@code shopper-events}
 * by anything else), so a record that passes here is safe for every topology.
 */
public final class EventValidator {

    /** Ids are opaque to us but must be usable in URLs, Redis keys and comma-separated lists. */
    private static final Pattern ID = Ids.PATTERN;

    /** Events are flat; anything deeper than this is an attack or a bug, refused before it is built. */
    public static final int MAX_JSON_DEPTH = 8;

    /** Reads untrusted event JSON (request bodies, foreign records) with a bounded nesting depth. */
    public static final ObjectReader READER = UntrustedJson.reader(MAX_JSON_DEPTH);

    // The limits are public so that the API's schema (ingest/api/EventInput) and the event reference
    // (docs/events.md, checked by a test) state the same numbers the validator enforces.

    /** An ISO-4217 code: three upper-case letters. */
    public static final String CURRENCY_PATTERN = "^[A-Z]{3}$";

    /** Longest id ({@code eventId}, {@code userId}, {@code sessionId}, {@code itemId}, {@code recommendationId}). */
    public static final int MAX_ID = 128;

    /** Longest {@code query} of a search event. */
    public static final int MAX_QUERY = 256;

    /** Longest key of a {@code context} entry. */
    public static final int MAX_CONTEXT_KEY = 64;

    /** Longest value of a {@code context} entry. */
    public static final int MAX_CONTEXT_VALUE = 256;

    /** Largest {@code quantity}; the smallest is 1. */
    public static final int MAX_QUANTITY = 10_000;

    /** Smallest {@code rating}. */
    public static final int MIN_RATING = 1;

    /** Largest {@code rating}. */
    public static final int MAX_RATING = 5;

    /** Largest {@code price} (the smallest is 0), as written in the schema. */
    public static final String MAX_PRICE_TEXT = "1000000000";

    private static final BigDecimal MAX_PRICE = new BigDecimal(MAX_PRICE_TEXT);

    private static final Pattern CURRENCY = Pattern.compile(CURRENCY_PATTERN);

    /** Every field an event may have at the intake; any other is refused as an unknown field. */
    public static final Set<String> FIELDS = Set.of(
            "eventId",
            "type",
            "userId",
            "sessionId",
            "itemId",
            "quantity",
            "price",
            "currency",
            "rating",
            "query",
            "recommendationId",
            "occurredAt",
            "context");

    /** Used by callers that do not pass {@code lodestone.ingest.max-event-age}; equal to its default. */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(30);

    /**
     * No instant outside these bounds is ever accepted, whatever the record's timestamp: every time the
     * engine holds converts to epoch milliseconds and back, and stays far from {@code long} overflow.
     */
    static final Instant EARLIEST = Instant.EPOCH;

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Duration maxClockSkew;
    private final Duration maxEventAge;
    private final int maxContextEntries;

    public EventValidator(Duration maxClockSkew, Duration maxEventAge, int maxContextEntries) {
        this.maxClockSkew = maxClockSkew;
        this.maxEventAge = maxEventAge;
        this.maxContextEntries = maxContextEntries;
    }

    /** The validator the intake and the stream share, from {@code lodestone.ingest.*}. */
    public static EventValidator from(IngestConfig config) {
        return new EventValidator(config.maxClockSkew(), config.maxEventAge(), config.maxContextEntries());
    }

    /** The outcome for one event: either {@code event} or a non-empty {@code errors}. */
    public record Outcome(ShopperEvent event, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Validates an event arriving at the intake.
     *
     * @param index its position in the batch, reported with each error
     * @param receivedAt the intake's clock, which also bounds {@code occurredAt}
     */
    public Outcome validate(JsonNode node, Integer index, Instant receivedAt) {
        return validate(node, index, receivedAt, false);
    }

    /**
     * Validates a record read from the topic, where {@code receivedAt} was set by the intake (or by
     * whoever wrote the record). {@code receivedAt} is trusted only within a window around the
     * record's own timestamp: not more than {@code maxClockSkew} after it and not more than
     * {@code maxEventAge} before it, and never outside {@link #EARLIEST}..{@link #LATEST}.
     *
     * @param recordTimestamp the Kafka record's timestamp in epoch milliseconds, negative when unknown
     */
    public Outcome validateRecord(JsonNode node, long recordTimestamp) {
        JsonNode received = node == null ? null : node.get("receivedAt");
        Instant receivedAt = received != null && received.isTextual() ? parseInstant(received.asText()) : null;
        if (receivedAt == null) {
            return new Outcome(null, List.of(FieldError.of("receivedAt", "must be an ISO-8601 instant")));
        }
        if (receivedAt.isBefore(EARLIEST) || receivedAt.isAfter(LATEST)) {
            return new Outcome(
                    null, List.of(FieldError.of("receivedAt", "must lie between " + EARLIEST + " and " + LATEST)));
        }
        Outcome outcome = validate(node, null, receivedAt, true);
        if (recordTimestamp >= 0) {
            Instant written = Instant.ofEpochMilli(recordTimestamp);
            if (receivedAt.isAfter(written.plus(maxClockSkew)) || receivedAt.isBefore(written.minus(maxEventAge))) {
                List<FieldError> errors = new ArrayList<>(outcome.errors());
                errors.add(FieldError.of(
                        "receivedAt",
                        "must lie within " + describe(maxEventAge) + " before and " + describe(maxClockSkew)
                                + " after the record's timestamp"));
                return new Outcome(null, List.copyOf(errors));
            }
        }
        return outcome;
    }

    private Outcome validate(JsonNode node, Integer index, Instant receivedAt, boolean fromTopic) {
        Errors errors = new Errors(index);
        if (node == null || !node.isObject()) {
            errors.add("", "must be a JSON object");
            return errors.outcome(null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !(fromTopic && name.equals("receivedAt"))) {
                errors.add(truncate(name), "unknown field");
            }
        }
        String eventId = id(node, "eventId", true, errors);
        EventType type = type(node, errors);
        String userId = id(node, "userId", false, errors);
        String sessionId = id(node, "sessionId", false, errors);
        if (userId == null && sessionId == null && !errors.has("userId") && !errors.has("sessionId")) {
            errors.add("userId", "userId or sessionId is required");
        }
        String itemId = id(node, "itemId", type != null && type.needsItem(), errors);
        Integer quantity = integer(node, "quantity", 1, MAX_QUANTITY, errors);
        BigDecimal price = price(node, errors);
        String currency = text(node, "currency", 3, errors);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            errors.add("currency", "must be an ISO-4217 code such as CNY");
        }
        Integer rating = integer(node, "rating", MIN_RATING, MAX_RATING, errors);
        String query = text(node, "query", MAX_QUERY, errors);
        String recommendationId = id(node, "recommendationId", false, errors);
        if (type == EventType.SEARCH && query == null && !errors.has("query")) {
            errors.add("query", "is required for search events");
        }
        if (type == EventType.IMPRESSION && itemId == null && recommendationId == null && !errors.has("itemId")) {
            errors.add("itemId", "an impression needs itemId or recommendationId");
        }
        Instant occurredAt = occurredAt(node, receivedAt, errors);
        Map<String, String> context = context(node, errors);
        if (!errors.isEmpty()) {
            return errors.outcome(null);
        }
        return errors.outcome(new ShopperEvent(
                eventId,
                type,
                userId,
                sessionId,
                itemId,
                quantity,
                price,
                currency,
                rating,
                query,
                recommendationId,
                occurredAt,
                context,
                receivedAt));
    }

    private static EventType type(JsonNode node, Errors errors) {
        JsonNode value = node.get("type");
        if (isAbsent(value)) {
            errors.add("type", "is required");
            return null;
        }
        if (!value.isTextual()) {
            errors.add("type", "must be a string");
            return null;
        }
        return EventType.fromWireName(value.asText()).orElseGet(() -> {
            errors.add("type", "must be one of " + EventType.wireNames());
            return null;
        });
    }

    private static String id(JsonNode node, String field, boolean required, Errors errors) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            if (required) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        String text = value.asText();
        if (text.length() > MAX_ID) {
            errors.add(field, "must be at most " + MAX_ID + " characters (was " + text.length() + ")");
            return null;
        }
        if (!ID.matcher(text).matches()) {
            errors.add(field, Ids.RULE);
            return null;
        }
        return text;
    }

    private static String text(JsonNode node, String field, int maxLength, Errors errors) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        String text = value.asText();
        if (text.isBlank() || text.length() > maxLength) {
            errors.add(field, "must be 1-" + maxLength + " characters");
            return null;
        }
        return text;
    }

    private static Integer integer(JsonNode node, String field, int min, int max, Errors errors) {
        JsonNode value = node.get(field);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(field, "must be an integer from " + min + " to " + max);
            return null;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            errors.add(field, "must be from " + min + " to " + max);
            return null;
        }
        return number;
    }

    private static BigDecimal price(JsonNode node, Errors errors) {
        JsonNode value = node.get("price");
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isNumber()) {
            errors.add("price", "must be a number");
            return null;
        }
        BigDecimal price = value.decimalValue();
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
            errors.add("price", "must be from 0 to " + MAX_PRICE);
            return null;
        }
        return price;
    }

    private Instant occurredAt(JsonNode node, Instant receivedAt, Errors errors) {
        JsonNode value = node.get("occurredAt");
        if (isAbsent(value)) {
            return receivedAt;
        }
        Instant at = value.isTextual() ? parseInstant(value.asText()) : null;
        if (at == null) {
            errors.add("occurredAt", "must be an ISO-8601 date-time with offset, e.g. 2026-11-24T10:15:30Z");
            return null;
        }
        if (at.isAfter(receivedAt.plus(maxClockSkew))) {
            errors.add("occurredAt", "must not be more than " + maxClockSkew.toSeconds() + " s in the future");
            return null;
        }
        // Also keeps every event time far inside the range of epoch milliseconds (and of a long).
        if (at.isBefore(receivedAt.minus(maxEventAge)) || at.isBefore(EARLIEST)) {
            errors.add("occurredAt", "must not be more than " + describe(maxEventAge) + " in the past");
            return null;
        }
        return at;
    }

    private Map<String, String> context(JsonNode node, Errors errors) {
        JsonNode value = node.get("context");
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isObject()) {
            errors.add("context", "must be an object of string values");
            return null;
        }
        if (value.size() > maxContextEntries) {
            errors.add("context", "must have at most " + maxContextEntries + " entries");
            return null;
        }
        Map<String, String> context = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode v = entry.getValue();
            if (key.isEmpty() || key.length() > MAX_CONTEXT_KEY) {
                errors.add("context", "keys must be 1-" + MAX_CONTEXT_KEY + " characters");
                return null;
            }
            if (!v.isTextual() || v.asText().length() > MAX_CONTEXT_VALUE) {
                errors.add(
                        "context." + truncate(key), "must be a string of at most " + MAX_CONTEXT_VALUE + " characters");
                return null;
            }
            context.put(key, v.asText());
        }
        return context;
    }

    private static Instant parseInstant(String text) {
        return IsoInstants.parse(text);
    }

    /** {@code 30 days}, {@code 300 s}: how the bounds read in error reasons. */
    private static String describe(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + " days" : duration.toSeconds() + " s";
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    private static final class Errors {
        private final Integer index;
        private final List<FieldError> list = new ArrayList<>();

        Errors(Integer index) {
            this.index = index;
        }

        void add(String field, String reason) {
            list.add(new FieldError(index, field, reason));
        }

        boolean has(String field) {
            return list.stream().anyMatch(e -> e.field().equals(field));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        Outcome outcome(ShopperEvent event) {
            return new Outcome(event, List.copyOf(list));
        }
    }
}
