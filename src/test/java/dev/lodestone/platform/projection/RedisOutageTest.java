package dev.lodestone.platform.projection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lodestone.support.Events;
import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The embedded Redis dies under a running engine: reads answer 503 with {@code Retry-After} (never
 * a 500) until the engine has started Redis again and its read models are complete, then the right
 * values again.
 */
@QuarkusTest
class RedisOutageTest {

    @Inject
    ProjectionMonitor monitor;

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String USER = "outage-" + UUID.randomUUID();
    private static final int VIEWS = 3;

    @Test
    void shouldAnswerRetryLaterWhileRedisIsDownAndServeAgainOnceTheEngineRestartedIt() throws Exception {
        String token = Tokens.storefront();
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < VIEWS; i++) {
            events.append(i == 0 ? "" : ",").append(Events.view(USER, "outage-item-" + i));
        }
        given().header("Authorization", Tokens.bearer(token))
                .contentType(ContentType.JSON)
                .body(events.append(']').toString())
                .post("/v1/events")
                .then()
                .statusCode(202);
        Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> activity(token).then().statusCode(200).body("counts.view", equalTo(VIEWS)));

        Map<String, Integer> seen = new TreeMap<>();
        // The engine waits a moment before starting Redis again; a read issued at once finds it down.
        // Should this machine stall past that moment, kill it again.
        for (int attempt = 0; attempt < 3 && !seen.containsKey("503 unavailable"); attempt++) {
            long pid = redisPid();
            ProcessHandle redis = ProcessHandle.of(pid).orElseThrow();
            redis.destroyForcibly();
            redis.onExit().get();
            readUntilRight(token, seen);
            assertNotEquals(pid, redisPid(), "a new Redis process serves");
        }
        System.out.printf("Reads after killing Redis: %s%n", seen);
        assertTrue(seen.containsKey("503 unavailable"), "a read while Redis was down: " + seen);
        // The engine replays what the restarted Redis may have lost; later tests find it complete.
        Awaitility.await()
                .pollDelay(Duration.ofSeconds(2))
                .atMost(WITHIN)
                .until(() -> monitor.phase() == ProjectionMonitor.Phase.READY);
    }

    /** Reads until the right value; every answer on the way is a 503 with Retry-After, never a 500. */
    private static void readUntilRight(String token, Map<String, Integer> seen) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            Response response = activity(token);
            int status = response.statusCode();
            if (status == 200 && response.jsonPath().getInt("counts.view") == VIEWS) {
                seen.merge("200", 1, Integer::sum);
                return;
            }
            if (status != 503) {
                fail("a read answered " + status + " " + response.asString() + " while Redis was down");
            }
            assertTrue(response.header("Retry-After") != null, "503 without Retry-After");
            seen.merge("503 " + response.jsonPath().getString("code"), 1, Integer::sum);
            if (System.nanoTime() > deadline) {
                fail("reads did not recover within " + WITHIN + ": " + seen);
            }
            Thread.sleep(20);
        }
    }

    private static Response activity(String token) {
        return given().header("Authorization", Tokens.bearer(token)).get("/v1/users/{id}/activity", USER);
    }

    private static long redisPid() throws Exception {
        String dataDir = ConfigProvider.getConfig().getValue("lodestone.resolved-data-dir", String.class);
        return Long.parseLong(
                Files.readString(Path.of(dataDir, "redis", "redis.pid")).trim());
    }
}
