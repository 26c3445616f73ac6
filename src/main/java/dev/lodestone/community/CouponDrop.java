package dev.lodestone.community;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * N coupons released to a group's members from {@code startsAt}, first come first served, one per
 * shopper; decided on the drop's own partition.
 *
 * @param issued coupons given out so far, never above {@code coupons}
 * @param version changes of this drop, the Redis projection's version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CouponDrop(
        String dropId,
        String groupId,
        String name,
        int coupons,
        Instant startsAt,
        Instant endsAt,
        int issued,
        String createdBy,
        long version,
        Instant updatedAt) {

    public static final int MAX_COUPONS = 1_000_000;

    public boolean openAt(Instant at) {
        return !at.isBefore(startsAt) && (endsAt == null || at.isBefore(endsAt));
    }

    public CouponDrop withIssued(int issued, Instant at) {
        return new CouponDrop(dropId, groupId, name, coupons, startsAt, endsAt, issued, createdBy, version + 1, at);
    }
}
