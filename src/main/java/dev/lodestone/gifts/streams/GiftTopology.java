package dev.lodestone.gifts.streams;

import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.Decision;
import dev.lodestone.points.ExchangeReplies;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetBroadcast;
import dev.lodestone.shopper.ForgetRequest;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The gift shop: each gift's stock and each coupon on their own partitions of {@code gift-commands},
 * and the exchange saga RESERVE (here) → EXCHANGE_DEBIT (the points ledger, through
 * {@code points-commands}) → CONFIRM or RELEASE (here, through {@link #EXCHANGE_REPLIES}), each step
 * one transaction. Store and processor names keep the {@code points-} prefix they were created with:
 * their changelogs carry the state.
 */
public final class GiftTopology {

    public static final String GIFT_STORE = "points-gift-store";
    public static final String EXCHANGE_STORE = "points-exchange-store";
    public static final String COUPON_STORE = "points-coupon-store";
    /**
     * Which exchanges and coupons of each shopper a partition holds, so a forget finds them:
     * {@code u:<userId>,e:<exchangeId>} → exchange id, {@code u:<userId>,c:<code>} → code.
     */
    public static final String SHOPPER_INDEX_STORE = "gifts-shopper-index-store";

    public static final String GIFTS = "points-gifts";

    /** How the ledger answers an exchange debit: CONFIRM or RELEASE on the gift's partition. */
    public static final ExchangeReplies<GiftCommand> EXCHANGE_REPLIES = new ExchangeReplies<>() {
        @Override
        public Topic<String, GiftCommand> topic() {
            return GiftsTopics.GIFT_COMMANDS;
        }

        @Override
        public KeyValue<String, GiftCommand> reply(PointsCommand debit, Decision decision, Instant at) {
            GiftCommand.Type next = decision.ok() ? GiftCommand.Type.CONFIRM : GiftCommand.Type.RELEASE;
            return KeyValue.pair(
                    GiftCommand.giftKey(debit.giftId()),
                    new GiftCommand(
                            next,
                            debit.giftId(),
                            debit.requestId(),
                            debit.userId(),
                            null,
                            decision.balance(),
                            null,
                            decision.code(),
                            null,
                            at));
        }
    };

    private GiftTopology() {}

    /** What the gift processor emits: exactly one of the fields is set, routed to its topic. */
    record Out(Decision decision, GiftCommand giftCommand, PointsCommand pointsCommand, Gift gift) {
        static Out of(Decision v) {
            return new Out(v, null, null, null);
        }

        static Out of(GiftCommand v) {
            return new Out(null, v, null, null);
        }

        static Out of(PointsCommand v) {
            return new Out(null, null, v, null);
        }

        static Out of(Gift v) {
            return new Out(null, null, null, v);
        }
    }

    /**
     * @param forget requests to forget a shopper, keyed by shopper key; each becomes a
     *     {@code FORGET_SHOPPER} command on every partition of {@code gift-commands}
     * @param couponCodes the keyed code generator of confirmed coupon exchanges: the engine's server
     *     secret, so codes stay the same across restarts and replays
     */
    public static void addTo(
            StreamsBuilder builder, KStream<String, ForgetRequest> forget, StoreKind stores, CouponCodes couponCodes) {
        builder.addStateStore(stores.jsonKeyValue(GIFT_STORE, Gift.class));
        builder.addStateStore(stores.jsonKeyValue(EXCHANGE_STORE, GiftProcessor.Exchange.class));
        builder.addStateStore(stores.jsonKeyValue(COUPON_STORE, GiftProcessor.Coupon.class));
        builder.addStateStore(stores.jsonKeyValue(SHOPPER_INDEX_STORE, String.class));

        ForgetBroadcast.toEveryPartition(
                forget,
                GiftsTopics.GIFT_COMMANDS,
                "gifts-forget",
                (userId, f) -> new GiftCommand(
                        GiftCommand.Type.FORGET_SHOPPER,
                        null,
                        null,
                        userId,
                        null,
                        null,
                        null,
                        null,
                        null,
                        f.requestedAt()));

        String prefix = "points-gift-out-";
        Map<String, KStream<String, Out>> branches = builder.stream(
                        GiftsTopics.GIFT_COMMANDS.name(), GiftsTopics.GIFT_COMMANDS.consumed())
                .process(
                        () -> new GiftProcessor(couponCodes),
                        Named.as(GIFTS),
                        GIFT_STORE,
                        EXCHANGE_STORE,
                        COUPON_STORE,
                        SHOPPER_INDEX_STORE)
                .split(Named.as(prefix))
                .branch((k, v) -> v.decision() != null, Branched.as("decision"))
                .branch((k, v) -> v.giftCommand() != null, Branched.as("gift-command"))
                .branch((k, v) -> v.pointsCommand() != null, Branched.as("points-command"))
                .branch((k, v) -> v.gift() != null, Branched.as("gift"))
                .noDefaultBranch();

        PointsTopics.POINTS_REPLIES.write(
                branches.get(prefix + "decision").mapValues(Out::decision, Named.as(prefix + "decision-value")),
                prefix + "replies-sink");
        GiftsTopics.GIFT_COMMANDS.write(
                branches.get(prefix + "gift-command")
                        .mapValues(Out::giftCommand, Named.as(prefix + "gift-command-value")),
                prefix + "gift-commands-sink");
        PointsTopics.POINTS_COMMANDS.write(
                branches.get(prefix + "points-command")
                        .mapValues(Out::pointsCommand, Named.as(prefix + "points-command-value")),
                prefix + "points-commands-sink");
        GiftsTopics.POINTS_GIFTS.write(
                branches.get(prefix + "gift").mapValues(Out::gift, Named.as(prefix + "gift-value")),
                prefix + "gifts-sink");
    }
}
