package dev.lodestone.community.streams;

import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.DropCommand;
import dev.lodestone.community.streams.CouponDropTopology.Out;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.platform.kafka.streams.IndexScan;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Decision.Outcome;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of each coupon drop. A claim wins while coupons remain and the shopper has none
 * of this drop; the same claim again (same request id, a retry with the same Idempotency-Key) gets the
 * same coupon, any other claim of the shopper {@code already_claimed}.
 */
final class CouponDropProcessor implements Processor<String, DropCommand, String, Out> {

    /** A won claim. */
    public record Claim(String requestId, String code, Instant at) {}

    /** The {@code kind} of a claim's decision on {@code points-replies}. */
    static final String KIND = "coupon-drop";

    private final CouponCodes couponCodes;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, CouponDrop> drops;
    private KeyValueStore<String, Claim> claims;
    private KeyValueStore<String, String> shoppers;

    CouponDropProcessor(CouponCodes couponCodes) {
        this.couponCodes = couponCodes;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.drops = context.getStateStore(CouponDropTopology.DROP_STORE);
        this.claims = context.getStateStore(CouponDropTopology.CLAIM_STORE);
        this.shoppers = context.getStateStore(CouponDropTopology.SHOPPER_STORE);
    }

    @Override
    public void process(Record<String, DropCommand> record) {
        DropCommand c = record.value();
        if (c == null || c.type() == null) {
            return;
        }
        if (c.type() == DropCommand.Type.FORGET_SHOPPER) {
            forgetShopper(record, c.userId());
            return;
        }
        if (c.dropId() == null) {
            return;
        }
        switch (c.type()) {
            case CREATE -> {
                if (c.drop() != null && drops.get(c.dropId()) == null) {
                    put(record, c.drop());
                }
            }
            case CLAIM -> claim(record, c);
            case FORGET_SHOPPER -> {}
        }
    }

    private void claim(Record<String, DropCommand> record, DropCommand c) {
        Instant now = Instant.ofEpochMilli(record.timestamp());
        CouponDrop drop = drops.get(c.dropId());
        if (drop == null) {
            reply(
                    record,
                    decision(
                            c,
                            Outcome.NOT_FOUND,
                            "not_found",
                            "coupon drop '" + c.dropId() + "' not found",
                            null,
                            now));
            return;
        }
        String claimKey = c.dropId() + "," + c.userId();
        Claim previous = claims.get(claimKey);
        if (previous != null) {
            reply(
                    record,
                    previous.requestId().equals(c.requestId())
                            ? decision(c, Outcome.DONE, null, null, previous.code(), previous.at())
                            : decision(
                                    c,
                                    Outcome.REFUSED,
                                    "already_claimed",
                                    "this shopper already has a coupon of this drop",
                                    null,
                                    now));
            return;
        }
        if (now.isBefore(drop.startsAt())) {
            reply(
                    record,
                    decision(c, Outcome.REFUSED, "not_started", "the drop starts at " + drop.startsAt(), null, now));
            return;
        }
        if (!drop.openAt(now)) {
            reply(record, decision(c, Outcome.REFUSED, "ended", "the drop ended at " + drop.endsAt(), null, now));
            return;
        }
        if (drop.issued() >= drop.coupons()) {
            reply(record, decision(c, Outcome.REFUSED, "gone", "every coupon of this drop is taken", null, now));
            return;
        }
        String code = couponCodes.code(c.requestId());
        claims.put(claimKey, new Claim(c.requestId(), code, now));
        shoppers.put(shopperPrefix(c.userId()) + c.dropId(), claimKey);
        put(record, drop.withIssued(drop.issued() + 1, now));
        context.forward(record.withKey(GiftCommand.couponKey(code))
                .withValue(new Out(
                        null,
                        new GiftCommand(
                                GiftCommand.Type.ISSUE_COUPON,
                                "drop:" + c.dropId(),
                                c.requestId(),
                                c.userId(),
                                null,
                                null,
                                code,
                                null,
                                null,
                                now),
                        null)));
        reply(record, decision(c, Outcome.DONE, null, null, code, now));
    }

    /**
     * Forgets the shopper's claims on this partition: each claim is deleted and its decision replaced
     * by one that names no one. The drop's issued count stays: the coupon was given out, and the gift
     * shop forgets who holds it. The shopper, should they come back, is a new shopper to the drop.
     */
    private void forgetShopper(Record<String, DropCommand> record, String userId) {
        if (userId == null) {
            return;
        }
        List<KeyValue<String, String>> entries = IndexScan.entries(shoppers, shopperPrefix(userId));
        Instant at = Instant.ofEpochMilli(record.timestamp());
        for (KeyValue<String, String> entry : entries) {
            shoppers.delete(entry.key);
            Claim claim = claims.delete(entry.value);
            if (claim != null) {
                reply(record, Decision.forgotten(claim.requestId(), at));
            }
        }
    }

    private static String shopperPrefix(String userId) {
        return "u:" + userId + ",";
    }

    private static Decision decision(
            DropCommand c, Outcome outcome, String code, String message, String couponCode, Instant at) {
        // A refusal names no one: the request files nothing a forget could find it by.
        String owner = outcome == Outcome.DONE ? c.userId() : null;
        return new Decision(c.requestId(), KIND, owner, outcome, code, message, null, null, couponCode, null, at);
    }

    private void put(Record<String, DropCommand> record, CouponDrop drop) {
        drops.put(drop.dropId(), drop);
        context.forward(record.withKey(drop.dropId()).withValue(new Out(null, null, drop)));
    }

    private void reply(Record<String, DropCommand> record, Decision decision) {
        context.forward(record.withKey(decision.requestId()).withValue(new Out(decision, null, null)));
    }
}
