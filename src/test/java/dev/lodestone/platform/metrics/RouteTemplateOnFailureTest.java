package dev.lodestone.platform.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The failing auth-failure handler is installed ahead of the REST layer's filter, so that filter no
 * longer names every request's route in advance. (That the routes of failed requests are still
 * named is {@code SecurityAndOperabilityTest}'s.)
 */
@QuarkusTest
class RouteTemplateOnFailureTest {

    @Inject
    RouteTemplateOnFailure route;

    @Test
    void shouldInstallTheFailingHandlerOnEveryRequestBeforeTheRestLayersFilterDoes() {
        long before = route.installed();
        given().get("/v1/ping").then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.shopper("route-template")))
                .get("/v1/users/route-template/activity")
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer(Tokens.marketer()))
                .get("/v1/users/route-template/activity")
                .then()
                .statusCode(403);
        // Exactly one per request: had the framework's filter run first, it would have replaced the
        // handler already and this route would have found nothing to install.
        assertEquals(3, route.installed() - before);
    }
}
