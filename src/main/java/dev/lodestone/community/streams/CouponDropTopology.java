package dev.lodestone.community.streams;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.DropCommand;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetBroadcast;
import dev.lodestone.shopper.ForgetRequest;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Coupon drops: each drop decided on its own partition of {@code community-drop-commands}, one claim at a
 * time, so N coupons are issued however many shoppers race for them. A won claim issues its coupon
 * through the gift shop ({@code ISSUE_COUPON} on {@code gift-commands}, redeemable like any coupon) and
 * is answered on {@code points-replies}, where the waiting HTTP call finds it; state, issue and answer
 * commit in one transaction.
 */
public final class CouponDropTopology {

    public static final String DROP_STORE = "community-drop-store";
    /** Who claimed what: {@code <dropId>,<userId>} → the claim (request id and code). */
    public static final String CLAIM_STORE = "community-drop-claim-store";
    /** Which claims of each shopper this partition holds, so a forget finds them: {@code u:<userId>,<dropId>} → claim key. */
    public static final String SHOPPER_STORE = "community-drop-shopper-store";

    public static final String DROPS = "community-coupon-drops";

    private CouponDropTopology() {}

    /** What the drop processor emits: exactly one field set, routed to its topic. */
    record Out(Decision decision, GiftCommand coupon, CouponDrop drop) {}

    /**
     * @param forget requests to forget a shopper, keyed by shopper key; each becomes a
     *     {@code FORGET_SHOPPER} command on every partition of {@code community-drop-commands}
     * @param couponCodes the keyed code generator the gift shop's coupons use
     */
    public static void addTo(
            StreamsBuilder builder, KStream<String, ForgetRequest> forget, StoreKind stores, CouponCodes couponCodes) {
        builder.addStateStore(stores.jsonKeyValue(DROP_STORE, CouponDrop.class));
        builder.addStateStore(stores.jsonKeyValue(CLAIM_STORE, CouponDropProcessor.Claim.class));
        builder.addStateStore(stores.jsonKeyValue(SHOPPER_STORE, String.class));
        ForgetBroadcast.toEveryPartition(
                forget,
                CommunityTopics.COUPON_DROP_COMMANDS,
                "community-drop-forget",
                (userId, f) ->
                        new DropCommand(DropCommand.Type.FORGET_SHOPPER, null, null, userId, null, f.requestedAt()));
        String prefix = "community-drop-out-";
        Map<String, KStream<String, Out>> branches = builder.stream(
                        CommunityTopics.COUPON_DROP_COMMANDS.name(), CommunityTopics.COUPON_DROP_COMMANDS.consumed())
                .process(
                        () -> new CouponDropProcessor(couponCodes),
                        Named.as(DROPS),
                        DROP_STORE,
                        CLAIM_STORE,
                        SHOPPER_STORE)
                .split(Named.as(prefix))
                .branch((k, v) -> v.decision() != null, Branched.as("decision"))
                .branch((k, v) -> v.coupon() != null, Branched.as("coupon"))
                .branch((k, v) -> v.drop() != null, Branched.as("drop"))
                .noDefaultBranch();
        PointsTopics.POINTS_REPLIES.write(
                branches.get(prefix + "decision").mapValues(Out::decision, Named.as(prefix + "decision-value")),
                prefix + "replies-sink");
        GiftsTopics.GIFT_COMMANDS.write(
                branches.get(prefix + "coupon").mapValues(Out::coupon, Named.as(prefix + "coupon-value")),
                prefix + "gift-commands-sink");
        CommunityTopics.COUPON_DROPS.write(
                branches.get(prefix + "drop").mapValues(Out::drop, Named.as(prefix + "drop-value")),
                prefix + "drops-sink");
    }
}
