package dev.lodestone.experiments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Experiments and the dashboard on the embedded broker and Redis: define and start an experiment,
 * see its variant on a shopper's recommendations, post feedback with the list's id and read it back in
 * the results; open the dashboard stream with a ticket. The experiment's variants override nothing, so
 * the other test classes' rankings stay as they are, and it is stopped before the test ends.
 */
@QuarkusTest
class ExperimentsEndToEndTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldServeVariantsAttributeFeedbackAndStreamTheDashboard() throws Exception {
        String experiment = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        String marketer = Tokens.bearer(Tokens.marketer());
        String body = "{\"variants\":[{\"name\":\"control\",\"share\":50},{\"name\":\"b\",\"share\":50,"
                + "\"settings\":{}}],\"active\":true}";

        given().header("Authorization", Tokens.bearer(Tokens.shopper("x")))
                .contentType(ContentType.JSON)
                .body(body)
                .put("/v1/experiments/{id}", experiment)
                .then()
                .statusCode(403);
        given().header("Authorization", marketer)
                .contentType(ContentType.JSON)
                .body("{\"variants\":[{\"name\":\"control\",\"share\":40}]}")
                .put("/v1/experiments/{id}", experiment)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("variants"));
        try {
            given().header("Authorization", marketer)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .put("/v1/experiments/{id}", experiment)
                    .then()
                    .statusCode(200)
                    .body("active", equalTo(true));

            String user = "xp-" + UUID.randomUUID();
            String shopper = Tokens.bearer(Tokens.shopper(user));
            JsonPath list = given().header("Authorization", shopper)
                    .get("/v1/users/{id}/recommendations?limit=3", user)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String expected = new Experiment(
                            experiment,
                            java.util.List.of(
                                    new Experiment.Variant("control", 50, java.util.Map.of()),
                                    new Experiment.Variant("b", 50, java.util.Map.of())),
                            true,
                            null,
                            null,
                            null,
                            1)
                    .assign("u:" + user)
                    .name();
            assertEquals(experiment, list.getString("experiment"));
            assertEquals(expected, list.getString("variant"));
            String recommendationId = list.getString("recommendationId");
            assertEquals(new RecommendationIds.Arm(experiment, expected), RecommendationIds.arm(recommendationId));

            post(shopper, feedback("impression", user, recommendationId));
            post(shopper, feedback("click", user, recommendationId));
            JsonPath results = null;
            int index = expected.equals("control") ? 0 : 1;
            for (Instant until = Instant.now().plusSeconds(60); Instant.now().isBefore(until); Thread.sleep(250)) {
                results = given().header("Authorization", marketer)
                        .get("/v1/experiments/{id}/results", experiment)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                if (results.getInt("variants[" + index + "].clicks") == 1) {
                    break;
                }
            }
            assertEquals(1, results.getInt("variants[" + index + "].exposures"), results.prettify());
            assertEquals(1, results.getInt("variants[" + index + "].impressions"));
            assertEquals(1.0, results.getDouble("variants[" + index + "].ctr.value"));
            assertEquals(false, results.getBoolean("sampleRatio.flagged"));
            assertNotNull(results.getString("method"));

            // The dashboard: a ticket from the token, the stream with the ticket, never the token.
            given().get("/v1/dashboard/stream?ticket=not-a-ticket").then().statusCode(401);
            given().header("Authorization", shopper)
                    .post("/v1/dashboard/tickets")
                    .then()
                    .statusCode(403);
            String ticket = given().header("Authorization", marketer)
                    .post("/v1/dashboard/tickets")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("ticket");
            String first = firstEvent(ticket);
            JsonPath snapshot = new JsonPath(first);
            assertTrue(snapshot.getMap("panels").containsKey("chat"), first);
            assertNotNull(snapshot.getString("at"));
            JsonPath seen = null;
            // Generous: on a loaded 2-core machine the click has reached the dashboard after more than a minute.
            for (Instant until = Instant.now().plusSeconds(180); Instant.now().isBefore(until); Thread.sleep(500)) {
                seen = given().header("Authorization", marketer)
                        .get("/v1/dashboard")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                // The exposure may reach the dashboard before the click does (the stream can lag): wait for
                // both. Each snapshot gives every panel 500 ms: a slow one shows "unavailable" in that
                // snapshot only, so wait for one in which all of them answered.
                if (seen.getMap("variants").containsKey(experiment + "~" + expected)
                        && seen.getInt("variants.'" + experiment + "~" + expected + "'.clicks") >= 1
                        && seen.getInt("parts") > 0
                        && seen.getBoolean("panels.chat.available")
                        && seen.getBoolean("panels.community.available")
                        && seen.getBoolean("panels.signals.available")) {
                    break;
                }
            }
            assertEquals(
                    Integer.valueOf(1),
                    seen.get("variants.'" + experiment + "~" + expected + "'.clicks"),
                    seen.prettify());
            assertTrue(seen.getInt("parts") > 0);
            // The chat, community and signals panels are computed by their features on every snapshot.
            assertTrue(seen.getBoolean("panels.chat.available"), seen.prettify());
            assertTrue(seen.getBoolean("panels.community.available"), seen.prettify());
            assertTrue(seen.getBoolean("panels.signals.available"), seen.prettify());
            assertNotNull(seen.get("panels.chat.numbers.'waiting for an agent'"), seen.prettify());
        } finally {
            given().header("Authorization", marketer)
                    .contentType(ContentType.JSON)
                    .body(body.replace("\"active\":true", "\"active\":false"))
                    .put("/v1/experiments/{id}", experiment)
                    .then()
                    .statusCode(200)
                    .body("active", equalTo(false));
        }
        String user = "xp-after-" + UUID.randomUUID();
        JsonPath after = given().header("Authorization", Tokens.bearer(Tokens.shopper(user)))
                .get("/v1/users/{id}/recommendations?limit=3", user)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertNull(after.getString("experiment"));
        assertNull(after.getString("variant"));
    }

    private String firstEvent(String ticket) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + "/v1/dashboard/stream?ticket=" + ticket))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    return line.substring(5).trim();
                }
            }
        }
        throw new AssertionError("the stream ended without an event");
    }

    private static void post(String token, String body) {
        given().header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    private static String feedback(String type, String userId, String recommendationId) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"userId\":\"" + userId + "\","
                + (type.equals("click") ? "\"itemId\":\"xp-item\"," : "")
                + "\"recommendationId\":\"" + recommendationId + "\",\"context\":{\"placement\":\"xp-home\"}}";
    }
}
