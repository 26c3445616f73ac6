package dev.lodestone.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.EngineProcess;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C: the terminal's SIGINT reaches the engine's process group only; the embedded Redis runs in
 * its own session, so the engine stops it itself after the application has drained, and exits.
 */
class EngineSignalsIT {

    private static final String USER = "signal-" + UUID.randomUUID();

    @Test
    void shouldKeepRedisOutOfTheTerminalsProcessGroupAndStopItAfterTheEngineOnSigint() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "signal-" + UUID.randomUUID()));
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("engine.log");
        try (EngineProcess engine = new EngineProcess(dataDir, log, Map.of())) {
            engine.start();
            long redis =
                    Long.parseLong(Files.readString(dataDir.resolve("redis").resolve("redis.pid"))
                            .trim());
            assertNotEquals(session(engine.pid()), session(redis), "Redis shares the engine's session");
            assertNotEquals(processGroup(engine.pid()), processGroup(redis), "Redis in the engine's process group");

            String token = engine.token("storefront", "it");
            given().baseUri(engine.baseUrl())
                    .header("Authorization", "Bearer " + token)
                    .contentType(ContentType.JSON)
                    .body("{\"eventId\":\"evt-1\",\"type\":\"view\",\"userId\":\"" + USER + "\",\"itemId\":\"i\"}")
                    .post("/v1/events")
                    .then()
                    .statusCode(202);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().baseUri(engine.baseUrl())
                            .header("Authorization", "Bearer " + token)
                            .get("/v1/users/{id}/activity", USER)
                            .then()
                            .statusCode(200)
                            .body("counts.view", equalTo(1)));

            long signalled = System.nanoTime();
            engine.signal("INT");
            int exit = engine.awaitExit(Duration.ofSeconds(90));
            System.out.printf(
                    "SIGINT to exit: %d ms (exit code %d)%n", (System.nanoTime() - signalled) / 1_000_000, exit);
            assertTrue(exit == 0 || exit == 130, "exit code after SIGINT: " + exit);
            ProcessHandle.of(redis).ifPresent(p -> assertFalse(p.isAlive(), "Redis outlived the engine"));
            List<String> lines = Files.readAllLines(log);
            assertFalse(
                    lines.stream().anyMatch(l -> l.contains("Connection refused") || l.contains("Unexpected failure")),
                    "the application lost Redis before it stopped: see " + log);
        }
    }

    /** Field 6 of /proc/PID/stat: the session id. */
    private static long session(long pid) throws Exception {
        return statField(pid, 3);
    }

    /** Field 5 of /proc/PID/stat: the process group id. */
    private static long processGroup(long pid) throws Exception {
        return statField(pid, 2);
    }

    /** A numeric field after the command name, which may itself contain spaces and parentheses. */
    private static long statField(long pid, int indexAfterCommand) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[indexAfterCommand]);
    }
}
