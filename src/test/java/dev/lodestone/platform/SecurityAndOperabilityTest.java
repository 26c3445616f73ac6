package dev.lodestone.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Who may call what, and what an SRE can always reach without a token. */
@QuarkusTest
class SecurityAndOperabilityTest {

    @Test
    void shouldForbidAShopperReadingAnotherShoppersActivity() {
        given().header("Authorization", Tokens.bearer(Tokens.shopper("alice")))
                .get("/v1/users/bob/activity")
                .then()
                .statusCode(403)
                .contentType(ContentType.JSON)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void shouldLetAShopperReadTheirOwnActivity() {
        given().header("Authorization", Tokens.bearer(Tokens.shopper("carol-never-seen")))
                .get("/v1/users/carol-never-seen/activity")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldAnswer401WithoutAToken() {
        given().get("/v1/users/alice/activity")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void shouldAnswer401ForAForgedToken() {
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                .get("/v1/users/alice/activity")
                .then()
                .statusCode(401);
    }

    @Test
    void shouldRefuseATamperedCopyOfATokenItAlreadyAccepted() {
        String token = Tokens.shopper("dora-tampered");
        given().header("Authorization", Tokens.bearer(token))
                .get("/v1/users/dora-tampered/activity")
                .then()
                .statusCode(404);
        // Same header and claims, another subject: only the signature no longer matches.
        String[] parts = token.split("\\.");
        String claims =
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("dora-tampered", "eve-tampered");
        String forged = parts[0] + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];
        given().header("Authorization", Tokens.bearer(forged))
                .get("/v1/users/eve-tampered/activity")
                .then()
                .statusCode(401);
    }

    @Test
    void shouldForbidARoleWithoutAccess() {
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/users/alice/activity")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRejectAMalformedUserId() {
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .get("/v1/users/a,b/activity")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("userId"));
    }

    @Test
    void shouldAnswerUnknownPathsWithTheJsonError() {
        given().get("/v1/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void shouldServePingHealthMetricsAndOpenApiWithoutAToken() {
        given().get("/v1/ping").then().statusCode(200).body("pong", equalTo(true));
        // Ready only once the engine has warmed up, which may still be going on when this test runs first.
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("Kafka Streams running"))
                .body("checks.name", hasItem("Redis connection health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("lodestone_ingest_events_total"))
                .body(containsString("lodestone_freshness_seconds"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/events"));
    }

    @Test
    void shouldCountEveryAnswerOfAShoppersRouteUnderItsTemplateNotItsPath() {
        String path = "/v1/users/frank-metrics/activity";
        given().get(path).then().statusCode(401).body("code", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                .get(path)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get(path)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        given().header("Authorization", Tokens.bearer(Tokens.shopper("frank-metrics")))
                .get(path)
                .then()
                .statusCode(404);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String status : new String[] {"401", "403", "404"}) {
            assertTrue(
                    metrics.lines()
                            .anyMatch(line -> line.startsWith("http_server_requests_seconds_count{")
                                    && line.contains("status=\"" + status + "\"")
                                    && line.contains("uri=\"/v1/users/{userId}/activity\"")),
                    "no " + status + " counted under the route's template");
        }
        assertFalse(metrics.contains("frank-metrics"), "a shopper's id became a metric tag");
    }
}
