package dev.lodestone.points.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsRules;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Shared request parsing and decision-to-response mapping of the points endpoints. */
public final class PointsRequests {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private PointsRequests() {}

    public static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("body", "is empty; send a JSON object");
        }
        try {
            JsonNode node = JsonSerde.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body", "must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiException(
                    400,
                    "malformed_json",
                    "the body is not valid JSON",
                    List.of(FieldError.of("body", "is not valid JSON")),
                    Map.of());
        }
    }

    /** An integer from {@code min} to 10^9; strings, fractions and out-of-range values name the field. */
    public static long points(JsonNode body, String field, long min, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(field, "is required");
            }
            return -1;
        }
        if (!value.isIntegralNumber()) {
            throw ApiException.badRequest(field, "must be an integer from " + min + " to " + PointsRules.MAX_POINTS);
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > PointsRules.MAX_POINTS) {
            throw ApiException.badRequest(field, "must be an integer from " + min + " to " + PointsRules.MAX_POINTS);
        }
        return value.asLong();
    }

    public static String text(JsonNode body, String field, int maxLength, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            throw ApiException.badRequest(field, "must be a non-blank string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    public static String idempotencyKey(String key) {
        if (key == null || key.isBlank() || key.length() > 255 || key.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(IDEMPOTENCY_KEY, "header is required: 1-255 printable characters");
        }
        return key;
    }

    public static ApiException reused() {
        return new ApiException(
                422, "idempotency_key_reused", "this Idempotency-Key was already used with a different request");
    }

    /** The HTTP status that tells a caller what became of its request. */
    public static int httpStatus(Decision d) {
        return switch (d.outcome()) {
            case DONE -> 201;
            case REFUSED -> 409;
            case NOT_FOUND -> 404;
            case KEY_REUSED -> 422;
        };
    }

    /** The refusal of a decision, or null when it succeeded. */
    public static ApiException refusal(Decision d) {
        if (d.ok()) {
            return null;
        }
        if (d.outcome() == Decision.Outcome.KEY_REUSED || "idempotency_key_reused".equals(d.code())) {
            return reused();
        }
        return new ApiException(httpStatus(d), d.code(), d.message());
    }

    /** The answer while a request is undecided: its typed body, and {@code Location} to poll. */
    public static Response pending(Object body, String statusUrl) {
        return Response.accepted(body)
                .location(URI.create(statusUrl))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    public static Response json(int status, Object body) {
        return Response.status(status)
                .entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
