package dev.lodestone.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestone.ingest.EventValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain reason and field of each kind of unreadable JSON. */
class JsonProblemsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Filters(Double minPrice, List<String> exclude) {}

    record Request(Integer limit, String userId, Filters filters, List<String> context) {}

    @Test
    void shouldNameTheFieldAndTheExpectedKindOfValue() {
        assertEquals(FieldError.of("limit", "must be an integer"), problem("{\"limit\":\"many\"}"));
        assertEquals(FieldError.of("userId", "must be a string"), problem("{\"userId\":{}}"));
        assertEquals(
                FieldError.of("filters.minPrice", "must be a number"), problem("{\"filters\":{\"minPrice\":\"x\"}}"));
        assertEquals(FieldError.of("context", "must be an array"), problem("{\"context\":\"a\"}"));
        assertEquals(FieldError.of("filters", "must be an object"), problem("{\"filters\":[1]}"));
        assertEquals(FieldError.of("body", "must be an object"), problem("[1]"));
    }

    @Test
    void shouldSayWhereTheSyntaxBreaksAndWhenTheBodyNestsTooDeeply() {
        assertEquals(FieldError.of("body", "is not valid JSON (line 1, column 11)"), problem("{\"limit\":01}"));
        JsonProcessingException deep = assertThrows(
                JsonProcessingException.class, () -> EventValidator.READER.readTree("[".repeat(20) + "]".repeat(20)));
        assertEquals(
                FieldError.of("body", "is nested too deeply or has a value too large to read"),
                JsonProblems.describe(deep));
    }

    private static FieldError problem(String json) {
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(json, Request.class));
        return JsonProblems.describe(e);
    }
}
