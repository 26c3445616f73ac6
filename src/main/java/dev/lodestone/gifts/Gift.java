package dev.lodestone.gifts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A gift of the shop with its live stock, as kept on the gift's partition and published to
 * {@code points-gifts}.
 *
 * @param stock units available now (reserved units are not in it)
 * @param reserved units held by exchanges whose points debit is not decided yet
 * @param confirmed units taken by confirmed exchanges, ever
 * @param version changes of this gift, the Redis projection's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Gift(
        String giftId,
        String name,
        long cost,
        long stock,
        String kind,
        Instant validFrom,
        Instant validTo,
        long reserved,
        long confirmed,
        long version,
        Instant updatedAt) {

    public static final java.util.Set<String> KINDS = java.util.Set.of("coupon", "discount", "physical");

    public boolean validAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validTo == null || at.isBefore(validTo));
    }

    public Gift withStock(long stock, long reserved, long confirmed, Instant at) {
        return new Gift(giftId, name, cost, stock, kind, validFrom, validTo, reserved, confirmed, version + 1, at);
    }
}
