package dev.lodestone.gifts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A request for a gift's (key {@code g:<giftId>}) or a coupon's (key {@code c:<code>}) partition, on
 * {@code gift-commands}; a forgotten shopper's (key {@code u:<userId>}) goes to every partition.
 *
 * @param requestId the exchange id or coupon redemption id
 * @param balance the shopper's balance after the debit (CONFIRM) or at the refusal (RELEASE)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GiftCommand(
        Type type,
        String giftId,
        String requestId,
        String userId,
        Gift gift,
        Long balance,
        String code,
        String reason,
        String fingerprint,
        Instant at) {

    /** Saga and coupon steps. */
    public enum Type {
        UPSERT,
        RESERVE,
        CONFIRM,
        RELEASE,
        ISSUE_COUPON,
        REDEEM_COUPON,
        /**
         * The shopper {@code userId} was forgotten: sent to every partition, each anonymises the
         * shopper's exchanges and coupons it holds.
         */
        FORGET_SHOPPER
    }

    public static String giftKey(String giftId) {
        return "g:" + giftId;
    }

    public static String couponKey(String code) {
        return "c:" + code;
    }
}
