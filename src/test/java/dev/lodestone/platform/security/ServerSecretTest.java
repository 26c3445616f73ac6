package dev.lodestone.platform.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server secret is created once beside the signing keys and read back unchanged on every start. */
class ServerSecretTest {

    @Test
    void shouldCreateTheSecretOnFirstStartAndKeepItAfterwards(@TempDir Path dataDir) throws Exception {
        byte[] first = ServerSecret.ensure(dataDir, "coupon-secret");
        byte[] again = ServerSecret.ensure(dataDir, "coupon-secret");
        assertEquals(ServerSecret.BYTES, first.length);
        assertArrayEquals(first, again);
        Path file = dataDir.resolve("keys").resolve("coupon-secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(dataDir.resolve("keys"))) {
            assertTrue(files.allMatch(f -> f.equals(file)), "no temporary file left behind");
        }
    }

    @Test
    void shouldGiveEveryDataDirectoryItsOwnSecret(@TempDir Path one, @TempDir Path other) {
        assertFalse(
                Arrays.equals(ServerSecret.ensure(one, "coupon-secret"), ServerSecret.ensure(other, "coupon-secret")));
    }
}
