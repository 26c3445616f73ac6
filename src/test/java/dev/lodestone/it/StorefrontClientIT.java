package dev.lodestone.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.support.EngineProcess;
import dev.lodestone.support.SharedEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The storefront journey through a client generated from the packaged engine's OpenAPI document:
 * {@code examples/storefront-ts/check.sh} lints the live document (any Redocly error fails), generates
 * the TypeScript types, type-checks the journey and runs it (events, points, recommendations, similar
 * items, profile, a redemption with an Idempotency-Key, a gift exchange and its coupon).
 */
@ExtendWith(SharedEngine.class)
class StorefrontClientIT {

    private static final Path CHECK = Path.of("examples", "storefront-ts", "check.sh");
    private static final long WITHIN_MINUTES = 10;

    @Test
    void shouldRunTheStorefrontJourneyThroughTheGeneratedClient(EngineProcess engine) throws Exception {
        Assumptions.assumeTrue(
                runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not installed: the generated-client check (examples/storefront-ts) is skipped");
        Path dir = Files.createDirectories(Path.of("target", "it", "storefront-" + UUID.randomUUID()));
        Path output = dir.resolve("check.log");
        String shopper = "journey-" + UUID.randomUUID();
        ProcessBuilder check = new ProcessBuilder("bash", CHECK.toString(), engine.baseUrl())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        check.environment()
                .putAll(Map.of(
                        "LODESTONE_SHOPPER_ID", shopper,
                        "LODESTONE_SHOPPER_TOKEN", engine.token("shopper", shopper),
                        "LODESTONE_STOREFRONT_TOKEN", engine.token("storefront", "storefront-it"),
                        "LODESTONE_MARKETER_TOKEN", engine.token("marketer", "marketer-it")));
        Process process = check.start();
        if (!process.waitFor(WITHIN_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        // The lint's warnings and each step of the journey belong in the build log.
        System.out.println(log);
        assertEquals(0, process.isAlive() ? -1 : process.exitValue(), CHECK + " failed:\n" + log);
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
