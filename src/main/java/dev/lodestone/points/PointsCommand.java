package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A request for the shopper's ledger partition, on {@code points-commands} keyed {@code u:<userId>}.
 *
 * @param requestId redemption id or exchange id: the idempotency unit
 * @param fingerprint hash of the request body, to tell a retry from a reused key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointsCommand(
        Type type,
        String requestId,
        String userId,
        long points,
        String reason,
        String fingerprint,
        String giftId,
        Instant at) {

    /** What the ledger is asked to do. */
    public enum Type {
        REDEEM,
        EXCHANGE_DEBIT
    }
}
