package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The final answer to a redemption, exchange or coupon request, on {@code points-replies} keyed by
 * request id; every engine instance reads it to answer its waiting HTTP calls.
 *
 * @param status the HTTP status the answer maps to
 * @param code the error code when refused
 * @param fingerprint hash of the body the decision answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        String requestId,
        String kind,
        String userId,
        int status,
        String code,
        String message,
        Long balance,
        String giftId,
        String couponCode,
        String fingerprint,
        Instant at) {

    public static final String REDEMPTION = "redemption";
    public static final String EXCHANGE = "exchange";
    public static final String COUPON = "coupon";

    public boolean ok() {
        return status / 100 == 2;
    }
}
