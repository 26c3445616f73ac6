package dev.lodestone.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.EngineProcess;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** SIGTERM after posting events, start again on the same data directory: nothing lost, nothing twice. */
class EngineRestartIT {

    private static final int EVENTS = 200;
    private static final String USER = "restart-" + UUID.randomUUID();

    @Test
    void shouldKeepActivityAcrossASigtermRestartAndCountNothingTwice() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "restart-" + UUID.randomUUID()));
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("engine.log");
        List<String> events = IntStream.range(0, EVENTS)
                .mapToObj(i -> "{\"eventId\":\"evt-" + i + "\",\"type\":\"view\",\"userId\":\"" + USER
                        + "\",\"itemId\":\"item-" + i + "\"}")
                .toList();
        String batch = events.stream().collect(Collectors.joining(",", "[", "]"));

        try (EngineProcess engine = new EngineProcess(dataDir, log, Map.of())) {
            engine.start();
            String token = engine.token("storefront", "it");
            post(engine, token, batch).statusCode(202).body("accepted", equalTo(EVENTS));
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> views(engine, token, EVENTS));
            List<ProcessHandle> children = engine.children();
            int exit = engine.stop();
            assertTrue(exit == 0 || exit == 143, "exit code after SIGTERM: " + exit);
            for (ProcessHandle child : children) {
                assertTrue(child.onExit().get().isAlive() == false, "embedded Redis outlived the engine");
            }
        }

        try (EngineProcess engine = new EngineProcess(dataDir, log, Map.of())) {
            engine.start();
            String token = engine.token("storefront", "it");
            views(engine, token, EVENTS);
            post(engine, token, batch).statusCode(202);
            post(
                            engine,
                            token,
                            "{\"eventId\":\"evt-new\",\"type\":\"view\",\"userId\":\"" + USER
                                    + "\",\"itemId\":\"item-new\"}")
                    .statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> views(engine, token, EVENTS + 1));
            Thread.sleep(1_000);
            views(engine, token, EVENTS + 1);
        }
    }

    private static io.restassured.response.ValidatableResponse post(EngineProcess engine, String token, String body) {
        return given().baseUri(engine.baseUrl())
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then();
    }

    private static void views(EngineProcess engine, String token, int expected) {
        given().baseUri(engine.baseUrl())
                .header("Authorization", "Bearer " + token)
                .get("/v1/users/{id}/activity", USER)
                .then()
                .statusCode(200)
                .body("counts.view", equalTo(expected));
    }
}
