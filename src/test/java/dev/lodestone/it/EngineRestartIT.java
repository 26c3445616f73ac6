package dev.lodestone.it;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            engine.postEvents(token, batch).statusCode(202).body("accepted", equalTo(EVENTS));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> engine.assertViews(token, USER, EVENTS));
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
            engine.assertViews(token, USER, EVENTS);
            engine.postEvents(token, batch).statusCode(202);
            engine.postEvents(
                            token,
                            "{\"eventId\":\"evt-new\",\"type\":\"view\",\"userId\":\"" + USER
                                    + "\",\"itemId\":\"item-new\"}")
                    .statusCode(202);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> engine.assertViews(token, USER, EVENTS + 1));
            Thread.sleep(1_000);
            engine.assertViews(token, USER, EVENTS + 1);
        }
    }
}
