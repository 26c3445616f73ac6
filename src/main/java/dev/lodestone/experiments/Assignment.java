package dev.lodestone.experiments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic assignment of shoppers to variants: the first 8 bytes of
 * {@code SHA-256(experimentId + "\n" + shopperKey)}, taken unsigned modulo {@link #BUCKETS}. Nothing is
 * stored and nothing depends on the instance, the time or a restart: every instance puts the same
 * shopper in the same bucket, and a different experiment id reshuffles shoppers independently.
 */
public final class Assignment {

    /** Buckets per experiment; a share of 1 % is 100 buckets. */
    public static final int BUCKETS = 10_000;

    private Assignment() {}

    /** The shopper's bucket in the experiment, {@code 0 ≤ bucket < BUCKETS}. */
    public static int bucket(String experimentId, String shopperKey) {
        byte[] digest = sha256().digest((experimentId + "\n" + shopperKey).getBytes(StandardCharsets.UTF_8));
        long value = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        return (int) Long.remainderUnsigned(value, BUCKETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
