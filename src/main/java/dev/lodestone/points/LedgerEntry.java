package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One change of a shopper's balance, as written to {@code points-ledger}.
 *
 * @param amount signed: positive credits, negative debits
 * @param source the event id or request id that caused it; never applied twice
 * @param version the shopper's entry count after this one, 1-based; the Redis projection's version
 * @param shortfall points a take-back could not recover because the balance would go below zero
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(
        String entryId,
        String userId,
        Type type,
        long amount,
        long balanceAfter,
        String reason,
        String source,
        Instant time,
        long version,
        Long shortfall) {

    /** The kinds of entry; wire names are lower case. */
    @Schema(name = "LedgerEntryType")
    public enum Type {
        earn,
        redeem,
        refund,
        expire,
        adjust
    }
}
