package dev.lodestone.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The local RSA signing key pair of the embedded default, created in the data directory on first start.
 * Production deployments configure their identity provider's public key instead.
 */
public record SigningKeys(Path privateKeyFile, Path publicKeyFile) {

    /** Issuer of tokens minted locally, and the issuer the engine accepts. */
    public static final String ISSUER = "https://lodestone.dev/local";

    public static synchronized SigningKeys ensure(Path dataDir) {
        Path dir = dataDir.resolve("keys");
        SigningKeys keys = new SigningKeys(dir.resolve("private.pem"), dir.resolve("public.pem"));
        if (Files.exists(keys.privateKeyFile) && Files.exists(keys.publicKeyFile)) {
            return keys;
        }
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(
                    keys.publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(
                    keys.privateKeyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(keys.privateKeyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the directory's own permissions apply.
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write signing keys to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    public PrivateKey privateKey() {
        try {
            String pem = Files.readString(privateKeyFile, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + privateKeyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Invalid private key in " + privateKeyFile, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
