package dev.lodestone.gifts.streams;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.streams.GiftTopology.Out;
import dev.lodestone.platform.kafka.streams.IndexScan;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Decision.Outcome;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.shopper.ShopperEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Owns each gift's stock and each coupon on their own partitions, and drives the exchange saga.
 *
 * <p>A reservation takes a unit out of {@code stock} into {@code reserved} and, in the same
 * transaction, sends the debit to the shopper's ledger partition. The ledger always answers with
 * CONFIRM or RELEASE, so a reservation is never left dangling: after a crash, exactly-once replays
 * whichever step had not committed.
 */
final class GiftProcessor implements Processor<String, GiftCommand, String, Out> {

    /** An exchange as seen by the gift's partition. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exchange(String exchangeId, String userId, String giftId, String status, Decision decision) {}

    /**
     * A coupon issued by a confirmed exchange.
     *
     * @param redeemedBy the coupon redemption request that used it, null while unused
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Coupon(
            String code, String userId, String giftId, String exchangeId, String redeemedBy, Instant redeemedAt) {}

    static final String RESERVED = "reserved";
    static final String CONFIRMED = "confirmed";
    static final String RELEASED = "released";
    static final String REJECTED = "rejected";

    /** Kinds of entry in the shopper index, after {@code u:<userId>,}. */
    static final String EXCHANGE_ENTRY = "e:";

    static final String COUPON_ENTRY = "c:";

    private final CouponCodes couponCodes;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, Gift> gifts;
    private KeyValueStore<String, Exchange> exchanges;
    private KeyValueStore<String, Coupon> coupons;
    private KeyValueStore<String, String> shoppers;

    GiftProcessor(CouponCodes couponCodes) {
        this.couponCodes = couponCodes;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.gifts = context.getStateStore(GiftTopology.GIFT_STORE);
        this.exchanges = context.getStateStore(GiftTopology.EXCHANGE_STORE);
        this.coupons = context.getStateStore(GiftTopology.COUPON_STORE);
        this.shoppers = context.getStateStore(GiftTopology.SHOPPER_INDEX_STORE);
    }

    @Override
    public void process(Record<String, GiftCommand> record) {
        GiftCommand c = record.value();
        if (c == null || c.type() == null) {
            return;
        }
        switch (c.type()) {
            case UPSERT -> upsert(record, c);
            case RESERVE -> reserve(record, c);
            case CONFIRM, RELEASE -> settle(record, c);
            case ISSUE_COUPON -> {
                if (coupons.get(c.code()) == null) {
                    coupons.put(c.code(), new Coupon(c.code(), c.userId(), c.giftId(), c.requestId(), null, null));
                    index(c.userId(), COUPON_ENTRY, c.code());
                }
            }
            case REDEEM_COUPON -> redeemCoupon(record, c);
            case FORGET_SHOPPER -> forgetShopper(record, c.userId());
        }
    }

    /**
     * Anonymises what this partition holds of a forgotten shopper: their exchanges and coupons lose the
     * user id (and the exchange's balance) but keep their status, so stock accounting and an exchange
     * still in flight settle as before, and an issued coupon stays usable. Each request's decision is
     * replaced on {@code points-replies} by one that names no one, so its served copy goes.
     */
    private void forgetShopper(Record<String, GiftCommand> record, String userId) {
        if (userId == null) {
            return;
        }
        List<KeyValue<String, String>> entries = IndexScan.entries(shoppers, indexPrefix(userId));
        for (KeyValue<String, String> entry : entries) {
            shoppers.delete(entry.key);
            if (entry.key.startsWith(indexPrefix(userId) + EXCHANGE_ENTRY)) {
                Exchange ex = exchanges.get(entry.value);
                if (ex != null) {
                    exchanges.put(
                            ex.exchangeId(),
                            new Exchange(ex.exchangeId(), null, ex.giftId(), ex.status(), anonymous(ex.decision())));
                }
                forgetDecision(record, entry.value);
            } else {
                Coupon coupon = coupons.get(entry.value);
                if (coupon != null) {
                    coupons.put(
                            coupon.code(),
                            new Coupon(
                                    coupon.code(),
                                    null,
                                    coupon.giftId(),
                                    coupon.exchangeId(),
                                    coupon.redeemedBy(),
                                    coupon.redeemedAt()));
                    if (coupon.redeemedBy() != null) {
                        forgetDecision(record, coupon.redeemedBy());
                    }
                }
            }
        }
    }

    private static Decision anonymous(Decision d) {
        return d == null
                ? null
                : new Decision(
                        d.requestId(),
                        d.kind(),
                        null,
                        d.outcome(),
                        d.code(),
                        d.message(),
                        null,
                        d.giftId(),
                        d.couponCode(),
                        d.fingerprint(),
                        d.at());
    }

    /** Files an exchange or coupon under its shopper ({@code u:<userId>,e:<exchangeId>} / {@code ,c:<code>}). */
    private void index(String userId, String kind, String id) {
        if (userId != null) {
            shoppers.put(indexPrefix(userId) + kind + id, id);
        }
    }

    private static String indexPrefix(String userId) {
        return ShopperEvent.userKey(userId) + ",";
    }

    private void upsert(Record<String, GiftCommand> record, GiftCommand c) {
        Gift old = gifts.get(c.giftId());
        Gift d = c.gift();
        Gift next = new Gift(
                c.giftId(),
                d.name(),
                d.cost(),
                d.stock(),
                d.kind(),
                d.validFrom(),
                d.validTo(),
                old == null ? 0 : old.reserved(),
                old == null ? 0 : old.confirmed(),
                old == null ? 1 : old.version() + 1,
                time(record));
        put(record, next);
    }

    private void reserve(Record<String, GiftCommand> record, GiftCommand c) {
        Exchange seen = exchanges.get(c.requestId());
        if (seen != null) {
            if (seen.decision() != null) {
                reply(record, seen.decision());
            }
            return;
        }
        Gift gift = gifts.get(c.giftId());
        Decision refusal = null;
        if (gift == null) {
            refusal = refusal(record, c, Outcome.NOT_FOUND, "not_found", "gift '" + c.giftId() + "' not found");
        } else if (!gift.validAt(time(record))) {
            refusal = refusal(
                    record, c, Outcome.REFUSED, "gift_unavailable", "gift '" + c.giftId() + "' is not valid now");
        } else if (gift.stock() <= 0) {
            refusal = refusal(record, c, Outcome.REFUSED, "out_of_stock", "gift '" + c.giftId() + "' is out of stock");
        }
        if (refusal != null) {
            exchanges.put(c.requestId(), new Exchange(c.requestId(), c.userId(), c.giftId(), REJECTED, refusal));
            index(c.userId(), EXCHANGE_ENTRY, c.requestId());
            reply(record, refusal);
            return;
        }
        put(record, gift.withStock(gift.stock() - 1, gift.reserved() + 1, gift.confirmed(), time(record)));
        exchanges.put(c.requestId(), new Exchange(c.requestId(), c.userId(), c.giftId(), RESERVED, null));
        index(c.userId(), EXCHANGE_ENTRY, c.requestId());
        context.forward(record.withKey(ShopperEvent.userKey(c.userId()))
                .withValue(Out.of(new PointsCommand(
                        PointsCommand.Type.EXCHANGE_DEBIT,
                        c.requestId(),
                        c.userId(),
                        gift.cost(),
                        null,
                        null,
                        c.giftId(),
                        time(record)))));
    }

    private void settle(Record<String, GiftCommand> record, GiftCommand c) {
        Exchange ex = exchanges.get(c.requestId());
        if (ex == null || !RESERVED.equals(ex.status())) {
            return;
        }
        Gift gift = gifts.get(c.giftId());
        // The exchange's own owner: none once the shopper was forgotten while the debit was in flight.
        String owner = ex.userId();
        Decision decision;
        if (c.type() == GiftCommand.Type.CONFIRM) {
            String code = null;
            if ("coupon".equals(gift.kind())) {
                code = couponCodes.code(c.requestId());
                context.forward(record.withKey(GiftCommand.couponKey(code))
                        .withValue(Out.of(new GiftCommand(
                                GiftCommand.Type.ISSUE_COUPON,
                                c.giftId(),
                                c.requestId(),
                                owner,
                                null,
                                null,
                                code,
                                null,
                                null,
                                time(record)))));
            }
            put(record, gift.withStock(gift.stock(), gift.reserved() - 1, gift.confirmed() + 1, time(record)));
            decision = new Decision(
                    c.requestId(),
                    Decision.EXCHANGE,
                    owner,
                    Outcome.DONE,
                    null,
                    null,
                    owner == null ? null : c.balance(),
                    c.giftId(),
                    code,
                    null,
                    time(record));
            exchanges.put(c.requestId(), new Exchange(c.requestId(), owner, c.giftId(), CONFIRMED, decision));
        } else {
            put(record, gift.withStock(gift.stock() + 1, gift.reserved() - 1, gift.confirmed(), time(record)));
            String code = c.reason() == null ? "insufficient_points" : c.reason();
            decision = new Decision(
                    c.requestId(),
                    Decision.EXCHANGE,
                    owner,
                    Outcome.REFUSED,
                    code,
                    "the exchange was refused: " + code,
                    owner == null ? null : c.balance(),
                    c.giftId(),
                    null,
                    null,
                    time(record));
            exchanges.put(c.requestId(), new Exchange(c.requestId(), owner, c.giftId(), RELEASED, decision));
        }
        reply(record, decision);
    }

    private void redeemCoupon(Record<String, GiftCommand> record, GiftCommand c) {
        Coupon coupon = coupons.get(c.code());
        Decision decision;
        if (coupon == null) {
            decision = new Decision(
                    c.requestId(),
                    Decision.COUPON,
                    c.userId(),
                    Outcome.NOT_FOUND,
                    "not_found",
                    "coupon '" + c.code() + "' not found",
                    null,
                    null,
                    c.code(),
                    null,
                    time(record));
        } else if (coupon.redeemedBy() != null && !coupon.redeemedBy().equals(c.requestId())) {
            // An answer to another request than the one that used it: it does not name the coupon's owner.
            decision = new Decision(
                    c.requestId(),
                    Decision.COUPON,
                    null,
                    Outcome.REFUSED,
                    "coupon_used",
                    "coupon '" + c.code() + "' was already used",
                    null,
                    coupon.giftId(),
                    c.code(),
                    null,
                    time(record));
        } else {
            if (coupon.redeemedBy() == null) {
                coupon = new Coupon(
                        coupon.code(),
                        coupon.userId(),
                        coupon.giftId(),
                        coupon.exchangeId(),
                        c.requestId(),
                        time(record));
                coupons.put(c.code(), coupon);
            }
            decision = new Decision(
                    c.requestId(),
                    Decision.COUPON,
                    coupon.userId(),
                    Outcome.DONE,
                    null,
                    null,
                    null,
                    coupon.giftId(),
                    c.code(),
                    null,
                    coupon.redeemedAt());
        }
        reply(record, decision);
    }

    private Decision refusal(
            Record<String, GiftCommand> record, GiftCommand c, Outcome outcome, String code, String message) {
        return new Decision(
                c.requestId(),
                Decision.EXCHANGE,
                c.userId(),
                outcome,
                code,
                message,
                null,
                c.giftId(),
                null,
                null,
                time(record));
    }

    private void put(Record<String, GiftCommand> record, Gift gift) {
        gifts.put(gift.giftId(), gift);
        context.forward(record.withKey(gift.giftId()).withValue(Out.of(gift)));
    }

    /** Replaces the request's decision on {@code points-replies} by one that names no one. */
    private void forgetDecision(Record<String, GiftCommand> record, String requestId) {
        reply(record, Decision.forgotten(requestId, time(record)));
    }

    private void reply(Record<String, GiftCommand> record, Decision decision) {
        context.forward(record.withKey(decision.requestId()).withValue(Out.of(decision)));
    }

    private static Instant time(Record<?, ?> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }
}
