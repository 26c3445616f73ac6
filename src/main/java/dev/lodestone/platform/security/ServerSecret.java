package dev.lodestone.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random server secret kept in the data directory beside the signing keys, created on first start
 * and read on every later one, so whatever the engine derives from it survives restarts.
 *
 * <p>Several instances must share it: a deployment of more than one instance configures the value
 * itself (e.g. {@code lodestone.gifts.coupon-secret}) instead of relying on a local file.
 */
public final class ServerSecret {

    /** 256 bits: the key size of HMAC-SHA-256. */
    static final int BYTES = 32;

    private ServerSecret() {}

    /** The secret {@code <dataDir>/keys/<name>}, created with fresh random bytes if it does not exist yet. */
    public static synchronized byte[] ensure(Path dataDir, String name) {
        Path dir = dataDir.resolve("keys");
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] secret = new byte[BYTES];
                new SecureRandom().nextBytes(secret);
                // Written aside and moved into place, so no reader ever sees half a secret.
                Path temp = Files.createTempFile(dir, name, ".tmp");
                restrict(temp);
                Files.writeString(temp, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException e) {
                    // Another process created it first: keep theirs.
                    Files.deleteIfExists(temp);
                }
            }
            byte[] secret = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < BYTES) {
                throw new IllegalStateException("The secret in " + file + " is shorter than " + BYTES + " bytes");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the secret " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the directory's own permissions apply.
        }
    }
}
