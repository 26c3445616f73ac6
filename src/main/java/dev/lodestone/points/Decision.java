package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The final answer to a redemption, exchange or coupon request, on {@code points-replies} keyed by
 * request id; every engine instance reads it to answer its waiting HTTP calls. The stream records what
 * happened; the resources decide what HTTP says about it.
 *
 * @param outcome what became of the request
 * @param code the error code when refused
 * @param fingerprint hash of the body the decision answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        String requestId,
        String kind,
        String userId,
        Outcome outcome,
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

    /** What became of a request. */
    public enum Outcome {
        /** Done: points taken, gift reserved and confirmed, coupon used. */
        DONE,
        /** Refused by a rule of the ledger or the shop (balance too low, out of stock, already used). */
        REFUSED,
        /** What the request names does not exist (gift, coupon). */
        NOT_FOUND,
        /** The request id was already used with another body. */
        KEY_REUSED,
        /** The shopper was forgotten: the decision no longer says what it was, or whose it was. */
        FORGOTTEN
    }

    /**
     * What replaces the decision of a forgotten shopper's request on {@code points-replies} and in
     * Redis: it names no one, and the request's status answers 404 like an unknown request's.
     */
    public static Decision forgotten(String requestId, Instant at) {
        return new Decision(
                requestId, null, null, Outcome.FORGOTTEN, "not_found", "no such request", null, null, null, null, at);
    }

    public boolean ok() {
        return outcome == Outcome.DONE;
    }

    /**
     * Reads decisions written before outcomes were recorded, which carried the HTTP status instead
     * ({@code points-replies} keeps 7 days, the request stores keep every decision).
     */
    @JsonCreator
    static Decision read(
            @JsonProperty("requestId") String requestId,
            @JsonProperty("kind") String kind,
            @JsonProperty("userId") String userId,
            @JsonProperty("outcome") Outcome outcome,
            @JsonProperty("status") Integer legacyStatus,
            @JsonProperty("code") String code,
            @JsonProperty("message") String message,
            @JsonProperty("balance") Long balance,
            @JsonProperty("giftId") String giftId,
            @JsonProperty("couponCode") String couponCode,
            @JsonProperty("fingerprint") String fingerprint,
            @JsonProperty("at") Instant at) {
        Outcome known = outcome != null ? outcome : fromLegacyStatus(legacyStatus);
        return new Decision(
                requestId, kind, userId, known, code, message, balance, giftId, couponCode, fingerprint, at);
    }

    private static Outcome fromLegacyStatus(Integer status) {
        if (status == null || status / 100 == 2) {
            return Outcome.DONE;
        }
        return switch (status) {
            case 404 -> Outcome.NOT_FOUND;
            case 422 -> Outcome.KEY_REUSED;
            default -> Outcome.REFUSED;
        };
    }
}
