package dev.lodestone.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.Events;
import dev.lodestone.support.KafkaProbe;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets its 4xx with the JSON error, and none of it reaches the topic. */
@QuarkusTest
class IngestValidationTest {

    private static final String VALID = Events.event("ok-1", "view", "alice", "item-1");

    private long offsetsBefore;

    @BeforeEach
    void rememberTopicEnd() {
        offsetsBefore = KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name());
    }

    @AfterEach
    void nothingReachedTheTopic() {
        assertEquals(
                offsetsBefore, KafkaProbe.endOffsets(IngestTopics.SHOPPER_EVENTS.name()), "records were published");
    }

    @Test
    void shouldRejectMalformedJson() {
        post("{\"eventId\": \"e1\", ").statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void shouldNameAMissingField() {
        post("{\"type\":\"view\",\"userId\":\"alice\",\"itemId\":\"i1\"}")
                .statusCode(400)
                .body("code", equalTo("invalid_events"))
                .body("errors[0].index", equalTo(0))
                .body("errors[0].field", equalTo("eventId"))
                .body("errors[0].reason", equalTo("is required"));
    }

    @Test
    void shouldNameAWrongType() {
        post("{\"eventId\":\"e1\",\"type\":\"purchase\",\"userId\":\"alice\",\"itemId\":\"i1\",\"quantity\":\"two\"}")
                .statusCode(400)
                .body("errors.field", hasItem("quantity"));
    }

    @Test
    void shouldRejectAnUnknownEventType() {
        post(Events.event("e1", "teleport", "alice", "i1")).statusCode(400).body("errors[0].field", equalTo("type"));
    }

    @Test
    void shouldReportEachBadEventByIndexAndPublishNoneOfTheBatch() {
        String batch = "[" + VALID + "," + Events.event("e2", "view", "", "i1") + "," + VALID + ","
                + Events.event("e4", "view", "bob", "i1").replace("\"itemId\":\"i1\"", "\"itemId\":7") + "]";
        post(batch)
                .statusCode(400)
                .body("errors.index", equalTo(java.util.List.of(1, 3)))
                .body("errors.field", equalTo(java.util.List.of("userId", "itemId")));
    }

    @Test
    void shouldRejectAThousandAndOneEvents() {
        String batch = IntStream.range(0, 1001)
                .mapToObj(i -> Events.event("b" + i, "view", "alice", "i" + i))
                .collect(Collectors.joining(",", "[", "]"));
        post(batch).statusCode(413).body("code", equalTo("too_many_events"));
    }

    @Test
    void shouldRejectATwoMegabyteBody() {
        String big = "{\"eventId\":\"e1\",\"type\":\"search\",\"userId\":\"alice\",\"query\":\"" + "x".repeat(2_000_000)
                + "\"}";
        post(big).statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void shouldRejectABodyBeyondTheServerLimitWithTheJsonError() {
        post("[" + " ".repeat(9 * 1024 * 1024) + "]").statusCode(413).body("code", equalTo("payload_too_large"));
    }

    @Test
    void shouldAnswer413NeverAServerErrorToAChunkedBodyBeyondTheServerLimit() throws Exception {
        // Chunked: no Content-Length to check before the body arrives.
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        java.io.InputStream body = new java.io.SequenceInputStream(java.util.Collections.enumeration(
                java.util.Collections.nCopies(9 * 16, (java.io.InputStream) null).stream()
                        .map(ignored -> (java.io.InputStream) new java.io.ByteArrayInputStream(chunk))
                        .toList()));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI
                                        + ":" + io.restassured.RestAssured.port + "/v1/events"))
                                .header("Authorization", Tokens.bearer(Tokens.storefront()))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        // The HTTP layer ends this answer itself, without the JSON body (docs/reliability.md).
        org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode());
    }

    @Test
    void shouldRejectDeeplyNestedJson() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        post(nested).statusCode(400).body("code", equalTo("malformed_json"));
        String nestedContext =
                "{\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"alice\",\"itemId\":\"i1\",\"context\":"
                        + "{\"a\":".repeat(100) + "\"x\"" + "}".repeat(100) + "}";
        post(nestedContext).statusCode(400);
    }

    @Test
    void shouldRejectATenThousandCharacterUserId() {
        post(Events.event("e1", "view", "u".repeat(10_000), "i1"))
                .statusCode(400)
                .body("errors[0].field", equalTo("userId"))
                .body("errors[0].reason", equalTo("must be at most 128 characters (was 10000)"));
    }

    @Test
    void shouldRejectAnEventFarInTheFuture() {
        String future = VALID.replace("}", ",\"occurredAt\":\"" + Instant.now().plusSeconds(3_600) + "\"}");
        post(future).statusCode(400).body("errors[0].field", equalTo("occurredAt"));
    }

    @Test
    void shouldRejectUnknownFields() {
        post(VALID.replace("}", ",\"colour\":\"red\"}")).statusCode(400).body("errors[0].field", equalTo("colour"));
    }

    @Test
    void shouldRejectAWrongMediaType() {
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .contentType(ContentType.TEXT)
                .body(VALID)
                .post("/v1/events")
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void shouldRejectAMissingToken() {
        given().contentType(ContentType.JSON)
                .body(VALID)
                .post("/v1/events")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldRejectAShopperPostingForSomeoneElse() {
        given().header("Authorization", Tokens.bearer(Tokens.shopper("mallory")))
                .contentType(ContentType.JSON)
                .body(VALID)
                .post("/v1/events")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void shouldNeverAnswerWithAStackTrace() {
        post("null").statusCode(400).body("message", notNullValue()).body("message", not(hasItem("Exception")));
    }

    /**
     * Bodies here are up to 9 MB or 5,000 levels deep: should an answer not match, REST Assured prints
     * the request, and pretty-printing such a body takes the test JVM's heap; print it as sent.
     */
    private static ValidatableResponse post(String body) {
        return given().config(RestAssuredConfig.config()
                        .logConfig(LogConfig.logConfig().enablePrettyPrinting(false)))
                .header("Authorization", Tokens.bearer(Tokens.storefront()))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .contentType(ContentType.JSON);
    }
}
