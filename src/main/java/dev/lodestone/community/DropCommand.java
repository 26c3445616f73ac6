package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A request for a coupon drop's partition, on {@code community-drop-commands} keyed {@code d:<dropId>}.
 *
 * @param requestId the claim id: derived from the drop, the shopper and the Idempotency-Key
 * @param drop the drop to create, for {@code CREATE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DropCommand(Type type, String dropId, String requestId, String userId, CouponDrop drop, Instant at) {

    /** What the drop's partition is asked to do. */
    public enum Type {
        CREATE,
        CLAIM,
        /** Forget the shopper ({@code userId}) in the drops of this partition; sent to every partition. */
        FORGET_SHOPPER
    }

    public static String key(String dropId) {
        return "d:" + dropId;
    }
}
