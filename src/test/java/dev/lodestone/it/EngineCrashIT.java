package dev.lodestone.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.EngineProcess;
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

/**
 * {@code kill -9} right after posting events: the embedded Redis goes too; start again on the same data
 * directory: the engine reports ready only once its reads show every event posted before the crash.
 */
class EngineCrashIT {

    private static final int EVENTS = 300;
    private static final String USER = "crash-" + UUID.randomUUID();
    /** Ready means fully caught up here, so the first read after ready must show everything. */
    private static final Duration GONE_WITHIN = Duration.ofSeconds(30);

    private static final Map<String, String> CAUGHT_UP = Map.of("LODESTONE_READINESS_MAX_LAG", "0");

    @Test
    void shouldTakeItsRedisAlongAndReportReadyOnlyOnceReadsShowEveryEventPostedBeforeAKill9() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "crash-" + UUID.randomUUID()));
        Path dataDir = dir.resolve("data");
        String batch = IntStream.range(0, EVENTS)
                .mapToObj(i -> "{\"eventId\":\"evt-" + i + "\",\"type\":\"view\",\"userId\":\"" + USER
                        + "\",\"itemId\":\"item-" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String token;

        try (EngineProcess engine = new EngineProcess(dataDir, dir.resolve("engine-1.log"), CAUGHT_UP)) {
            engine.start();
            token = engine.token("storefront", "it");
            // The projection consumers hold their partitions when the engine dies.
            engine.postEvents(
                            token,
                            "{\"eventId\":\"evt-first\",\"type\":\"view\",\"userId\":\"" + USER
                                    + "\",\"itemId\":\"item-first\"}")
                    .statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> engine.assertViews(token, USER, 1));
            engine.postEvents(token, batch).statusCode(202).body("accepted", equalTo(EVENTS));
            List<ProcessHandle> redis = engine.redisProcesses();
            assertEquals(1, redis.size(), "one Redis runs for the engine: " + redis);

            engine.kill();

            // No shutdown hook runs on kill -9: the embedded Redis notices on its own that its engine died.
            try {
                Awaitility.await()
                        .atMost(GONE_WITHIN)
                        .untilAsserted(() -> assertEquals(
                                List.of(), engine.redisProcesses(), "Redis outlived the engine after kill -9"));
            } finally {
                engine.redisProcesses().forEach(ProcessHandle::destroyForcibly);
            }
        }

        try (EngineProcess engine = new EngineProcess(dataDir, dir.resolve("engine-2.log"), CAUGHT_UP)) {
            Duration toReady = engine.start();
            // No waiting: ready must already mean every event is visible.
            engine.assertViews(token, USER, EVENTS + 1);
            System.out.printf("Restart after kill -9 to ready with every event visible: %d ms%n", toReady.toMillis());
        }
    }
}
