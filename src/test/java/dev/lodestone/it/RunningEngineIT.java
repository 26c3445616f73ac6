package dev.lodestone.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.platform.lifecycle.WarmUp;
import dev.lodestone.support.EngineProcess;
import dev.lodestone.support.EngineProcess.Outcome;
import dev.lodestone.support.SharedEngine;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a running engine promises: it reports ready only once warmed up, without a trace of the warm-up;
 * a second engine on its data directory or HTTP port refuses to start, at once and saying why, while the
 * first keeps serving; help and typos never start an engine.
 */
@ExtendWith(SharedEngine.class)
class RunningEngineIT {

    /** Generous for a loaded machine; a second engine used to keep running or fail only after ~40 s. */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(60);

    private static final Duration SEEN_WITHIN = Duration.ofSeconds(60);

    private static final String USER = "running-" + UUID.randomUUID();

    @Test
    void shouldReportReadyOnlyOnceWarmedUpWithoutAnyTraceOfTheWarmUp(EngineProcess engine) {
        String token = engine.token("storefront", "it");
        given().baseUri(engine.baseUrl())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Warmed up' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Warmed up' }.data.'kafka-streams'", equalTo("running"))
                .body("checks.find { it.name == 'Warmed up' }.data.http", containsString("404"));
        // The warm-up read a shopper that does not exist and posted nothing: no read model knows it.
        given().baseUri(engine.baseUrl())
                .header("Authorization", "Bearer " + token)
                .get("/v1/users/{id}/activity", WarmUp.SHOPPER)
                .then()
                .statusCode(404);
    }

    @Test
    void shouldRefuseASecondEngineOnTheSameDataDirectoryAndKeepTheFirstServing(EngineProcess first) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "lock-" + UUID.randomUUID()));
        Path dataDir = first.dataDir();
        String token = first.token("storefront", "it");
        post(first, token, "evt-1");
        Awaitility.await().atMost(SEEN_WITHIN).untilAsserted(() -> first.assertViews(token, USER, 1));
        String redisPid = Files.readString(dataDir.resolve("redis").resolve("redis.pid"));

        EngineProcess second = new EngineProcess(dataDir, dir.resolve("second.log"), Map.of());
        Outcome refused = second.run(REFUSED_WITHIN);
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("pid " + first.pid()), refused.output());
        assertTrue(refused.output().contains(dataDir.toAbsolutePath().toString()), refused.output());

        Outcome help = second.run(REFUSED_WITHIN, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("usage:"), help.output());
        Outcome typo = second.run(REFUSED_WITHIN, "--halp");
        assertEquals(2, typo.exitCode(), typo.output());
        assertTrue(typo.output().contains("unknown command '--halp'"), typo.output());

        // The first engine still serves from its own broker and Redis.
        assertEquals(redisPid, Files.readString(dataDir.resolve("redis").resolve("redis.pid")));
        post(first, token, "evt-2");
        Awaitility.await().atMost(SEEN_WITHIN).untilAsserted(() -> first.assertViews(token, USER, 2));
    }

    @Test
    void shouldRefuseAnEngineWhoseHttpPortIsTakenBeforeStartingKafkaOrRedis(EngineProcess first) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "port-" + UUID.randomUUID()));
        Path otherData = dir.resolve("second");
        EngineProcess second = new EngineProcess(otherData, dir.resolve("second.log"), Map.of(), first.httpPort());
        Outcome refused = second.run(REFUSED_WITHIN);
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("port " + first.httpPort()), refused.output());
        assertTrue(refused.output().contains("PORT"), refused.output());
        assertFalse(Files.exists(otherData.resolve("kafka")), "a broker was started: " + refused.output());
        assertFalse(Files.exists(otherData.resolve("redis")), "a Redis was started: " + refused.output());
        given().baseUri(first.baseUrl()).get("/v1/ping").then().statusCode(200);
    }

    private static void post(EngineProcess engine, String token, String eventId) {
        given().baseUri(engine.baseUrl())
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body("{\"eventId\":\"" + eventId + "\",\"type\":\"view\",\"userId\":\"" + USER
                        + "\",\"itemId\":\"item-1\"}")
                .post("/v1/events")
                .then()
                .statusCode(202);
    }
}
