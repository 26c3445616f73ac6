package dev.lodestone.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.EngineProcess;
import dev.lodestone.support.EngineProcess.Outcome;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on when the engine stops: it exits on SIGTERM even while events stream in,
 * keeps every acknowledged event and counts none twice after the restart, and its embedded Redis never
 * outlives it, however it ends (SIGTERM here and after a start that fails; {@code kill -9} in {@link
 * EngineCrashIT}).
 */
class EngineLifecycleIT {

    /** Generous for a loaded 2-core machine: behaviour is asserted here, never speed. */
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

    private static final Duration GONE_WITHIN = Duration.ofSeconds(30);
    private static final int BATCH = 20;
    private static final String USER = "lifecycle-" + UUID.randomUUID();

    @Test
    void shouldExitOnSigtermUnderLoadKeepingEveryAcknowledgedEventOnceAndLeavingNoRedis() throws Exception {
        Path dir = workDir("sigterm");
        Path dataDir = dir.resolve("data");
        AtomicInteger acknowledgedBatches = new AtomicInteger();
        String token;
        try (EngineProcess engine = new EngineProcess(dataDir, dir.resolve("engine-1.log"), Map.of())) {
            engine.start();
            token = engine.token("storefront", "it");
            AtomicBoolean stop = new AtomicBoolean();
            Thread client = Thread.ofPlatform().start(() -> postUntilStopped(engine, token, stop, acknowledgedBatches));
            Awaitility.await().atMost(EXIT_WITHIN).until(() -> acknowledgedBatches.get() >= 10);

            int exit = engine.stop();
            stop.set(true);
            client.join();

            assertTrue(exit == 0 || exit == 143, "exit code after SIGTERM: " + exit);
            Awaitility.await()
                    .atMost(GONE_WITHIN)
                    .untilAsserted(() -> assertEquals(
                            List.of(), engine.redisProcesses(), "Redis outlived the engine after SIGTERM"));
        }

        try (EngineProcess engine = new EngineProcess(dataDir, dir.resolve("engine-2.log"), Map.of())) {
            engine.start();
            // Like a real client, re-send the batch that got no 202 (it may or may not have been taken).
            int next = acknowledgedBatches.get();
            engine.postEvents(token, batch(next)).statusCode(202);
            Awaitility.await()
                    .atMost(EXIT_WITHIN)
                    .untilAsserted(() -> engine.assertViews(token, USER, (next + 1) * BATCH));

            // The restarted engine still knows every event it took: sent again, none counts twice.
            for (int index = 0; index <= next; index++) {
                engine.postEvents(token, batch(index)).statusCode(202);
            }
            engine.postEvents(
                            token,
                            "{\"eventId\":\"evt-new\",\"type\":\"view\",\"userId\":\"" + USER
                                    + "\",\"itemId\":\"item-new\"}")
                    .statusCode(202);
            Awaitility.await()
                    .atMost(EXIT_WITHIN)
                    .untilAsserted(() -> engine.assertViews(token, USER, (next + 1) * BATCH + 1));
            // A duplicate would be counted after the others: look again a moment later.
            Thread.sleep(1_000);
            engine.assertViews(token, USER, (next + 1) * BATCH + 1);
        }
    }

    @Test
    void shouldStopItsRedisWhenTheStartFails() throws Exception {
        Path dir = workDir("failed-start");
        Path dataDir = dir.resolve("data");
        // Read only once the embedded servers run: the start fails after Redis was launched.
        EngineProcess engine = new EngineProcess(
                dataDir, dir.resolve("engine.log"), Map.of("LODESTONE_READINESS_MAX_LAG", "not-a-number"));

        Outcome outcome = engine.run(EXIT_WITHIN);

        assertNotEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(Files.exists(dataDir.resolve("redis").resolve("appendonly.aof")), "Redis never started");
        assertEquals(List.of(), engine.redisProcesses(), "Redis outlived a failed start");
    }

    /**
     * Posts batches of views for one shopper until told to stop, each batch until it gets a 202 (same
     * event ids every time); counts the acknowledged batches.
     */
    private static void postUntilStopped(
            EngineProcess engine, String token, AtomicBoolean stop, AtomicInteger acknowledgedBatches) {
        while (!stop.get()) {
            try {
                int status = RestAssured.given()
                        .baseUri(engine.baseUrl())
                        .header("Authorization", "Bearer " + token)
                        .contentType("application/json")
                        .body(batch(acknowledgedBatches.get()))
                        .post("/v1/events")
                        .statusCode();
                if (status == 202) {
                    acknowledgedBatches.incrementAndGet();
                    continue;
                }
            } catch (Exception stopping) {
                // The engine is going away (RestAssured also throws its I/O exceptions unchecked, a
                // connection closed without an answer among them): this batch counts only once a later
                // engine acknowledges it.
            }
            sleepQuietly();
        }
    }

    private static String batch(int index) {
        return IntStream.range(index * BATCH, (index + 1) * BATCH)
                .mapToObj(i -> "{\"eventId\":\"evt-" + i + "\",\"type\":\"view\",\"userId\":\"" + USER
                        + "\",\"itemId\":\"item-" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static Path workDir(String name) throws Exception {
        return Files.createDirectories(Path.of("target", "it", name + "-" + UUID.randomUUID()));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
