package dev.lodestone.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.errors.FieldError;
import dev.lodestone.platform.security.UntrustedJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reading the chat's request bodies and parameters, naming the field at fault. */
final class ChatRequests {

    /** Chat bodies are flat; deeper ones are refused before a tree is built. */
    private static final ObjectReader READER = UntrustedJson.reader(8);

    private ChatRequests() {}

    /** The body as a JSON object, or 400 naming {@code body}. */
    static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("body", "is empty");
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON", List.of(), Map.of());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        return node;
    }

    /** A required non-blank string of at most {@code max} characters; problems go to {@code errors}. */
    static String text(JsonNode node, String field, int max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(FieldError.of(field, "is required, a non-empty string"));
            return null;
        }
        if (value.asText().length() > max) {
            errors.add(FieldError.of(field, "must be at most " + max + " characters"));
            return null;
        }
        return value.asText();
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, "must be an integer from " + min + " to " + max);
    }

    static long longParam(String name, String value, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, "must be a non-negative integer");
    }
}
