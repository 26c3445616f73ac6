package dev.lodestone.points;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Request ids derived from the shopper and the {@code Idempotency-Key}, so a retry of the same call
 * on any instance names the same request and the ledger recognises it.
 */
public final class RequestIds {

    private RequestIds() {}

    public static String redemption(String userId, String idempotencyKey) {
        return "rdm-" + hash("redemption\n" + userId + "\n" + idempotencyKey, 24);
    }

    public static String exchange(String userId, String idempotencyKey) {
        return "exc-" + hash("exchange\n" + userId + "\n" + idempotencyKey, 24);
    }

    public static String couponRedemption(String code, String idempotencyKey) {
        return "cpr-" + hash("coupon\n" + code + "\n" + idempotencyKey, 24);
    }

    public static String fingerprint(String... parts) {
        return hash(String.join("\n", parts), 32);
    }

    private static String hash(String text, int hexChars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
