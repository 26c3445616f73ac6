package dev.lodestone.gifts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coupon codes: {@code LC-} and 16 hex digits of HMAC-SHA-256(exchange id) under a server secret.
 *
 * <p>Deterministic, so an exactly-once replay of a confirmation issues the same code; keyed, so
 * nobody can compute a code from what they know about an exchange (the user id and the
 * Idempotency-Key give its id). Built once per topology and handed to the gift processor.
 */
public final class CouponCodes {

    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;

    public CouponCodes(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a coupon secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A secret of this run only: for replays and topology tests, whose codes need not outlive them. */
    public static CouponCodes ephemeral() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new CouponCodes(secret);
    }

    /** The code a confirmed exchange issues. */
    public String code(String exchangeId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(("coupon-code\n" + exchangeId).getBytes(StandardCharsets.UTF_8));
            return "LC-" + HexFormat.of().withUpperCase().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
