package dev.lodestone.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.EngineProcess;
import dev.lodestone.support.EngineProcess.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged engine in server mode (the Kubernetes manifests' setting): without the servers to use it
 * refuses to start, at once, naming what to set, and never starts a broker of its own; an unknown role
 * is refused the same way.
 */
class ServerModeIT {

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(60);

    @Test
    void shouldRefuseToStartWithoutKafkaAndRedisNamingBoth() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "server-" + UUID.randomUUID()));
        Path dataDir = dir.resolve("data");
        try (EngineProcess engine = new EngineProcess(
                dataDir,
                dir.resolve("engine.log"),
                Map.of("LODESTONE_EMBEDDED_ENABLED", "false", "LODESTONE_ROLE", "streams"))) {
            Outcome refused = engine.run(REFUSED_WITHIN);
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("KAFKA_BOOTSTRAP_SERVERS"), refused.output());
            assertTrue(refused.output().contains("REDIS_HOSTS"), refused.output());
            assertFalse(Files.exists(dataDir.resolve("kafka")), "no embedded broker was started");
            assertFalse(Files.exists(dataDir.resolve("redis")), "no embedded Redis was started");
        }
    }

    @Test
    void shouldRefuseAnUnknownRoleNamingTheSetting() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "role-" + UUID.randomUUID()));
        try (EngineProcess engine =
                new EngineProcess(dir.resolve("data"), dir.resolve("engine.log"), Map.of("LODESTONE_ROLE", "worker"))) {
            Outcome refused = engine.run(REFUSED_WITHIN);
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("LODESTONE_ROLE"), refused.output());
            assertFalse(Files.exists(dir.resolve("data").resolve("kafka")), "no embedded broker was started");
        }
    }
}
