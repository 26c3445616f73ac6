package dev.lodestone.community.streams;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.Lottery;
import dev.lodestone.community.LotteryCommand;
import dev.lodestone.gifts.CouponCodes;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetBroadcast;
import dev.lodestone.shopper.ForgetRequest;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Lotteries: each decided on its own partition of {@code community-lottery-commands}. Entries are
 * accepted once per member inside the window, in a fixed order; a wall-clock punctuation closes each
 * lottery at its end, draws the winners ({@link dev.lodestone.community.LotteryDraw}), reveals the seed
 * and issues each winner's coupon through the gift shop, all in the task's one transaction: a crash
 * during the draw replays it with the same seed and entries, so each prize is issued once.
 */
public final class LotteryTopology {

    public static final String LOTTERY_STORE = "community-lottery-store";
    /**
     * {@code <lotteryId>,e,<position>} → entry id (entry order, the proof's entries);
     * {@code <lotteryId>,x,<entryId>} → user id (who gets the prize); {@code <lotteryId>,u,<userId>} → entry id.
     */
    public static final String ENTRY_STORE = "community-lottery-entry-store";
    /** Which entries of each shopper this partition holds, so a forget finds them: {@code u:<userId>,<lotteryId>} → entry id. */
    public static final String SHOPPER_STORE = "community-lottery-shopper-store";

    public static final String LOTTERIES = "community-lotteries";

    /** How often the lotteries whose window ended are looked for. */
    static final Duration CLOSE_CHECK = Duration.ofSeconds(1);

    private LotteryTopology() {}

    /** What the lottery processor emits: exactly one field set, routed to its topic. */
    record Out(Decision decision, GiftCommand coupon, Lottery lottery) {}

    /**
     * @param forget requests to forget a shopper, keyed by shopper key; each becomes a
     *     {@code FORGET_SHOPPER} command on every partition of {@code community-lottery-commands}
     */
    public static void addTo(
            StreamsBuilder builder, KStream<String, ForgetRequest> forget, StoreKind stores, CouponCodes couponCodes) {
        builder.addStateStore(stores.jsonKeyValue(LOTTERY_STORE, Lottery.class));
        builder.addStateStore(stores.jsonKeyValue(ENTRY_STORE, String.class));
        builder.addStateStore(stores.jsonKeyValue(SHOPPER_STORE, String.class));
        ForgetBroadcast.toEveryPartition(
                forget,
                CommunityTopics.LOTTERY_COMMANDS,
                "community-lottery-forget",
                (userId, f) -> new LotteryCommand(
                        LotteryCommand.Type.FORGET_SHOPPER, null, null, userId, null, f.requestedAt()));
        String prefix = "community-lottery-out-";
        Map<String, KStream<String, Out>> branches = builder.stream(
                        CommunityTopics.LOTTERY_COMMANDS.name(), CommunityTopics.LOTTERY_COMMANDS.consumed())
                .process(
                        () -> new LotteryProcessor(couponCodes),
                        Named.as(LOTTERIES),
                        LOTTERY_STORE,
                        ENTRY_STORE,
                        SHOPPER_STORE)
                .split(Named.as(prefix))
                .branch((k, v) -> v.decision() != null, Branched.as("decision"))
                .branch((k, v) -> v.coupon() != null, Branched.as("coupon"))
                .branch((k, v) -> v.lottery() != null, Branched.as("lottery"))
                .noDefaultBranch();
        PointsTopics.POINTS_REPLIES.write(
                branches.get(prefix + "decision").mapValues(Out::decision, Named.as(prefix + "decision-value")),
                prefix + "replies-sink");
        GiftsTopics.GIFT_COMMANDS.write(
                branches.get(prefix + "coupon").mapValues(Out::coupon, Named.as(prefix + "coupon-value")),
                prefix + "gift-commands-sink");
        CommunityTopics.LOTTERIES.write(
                branches.get(prefix + "lottery").mapValues(Out::lottery, Named.as(prefix + "lottery-value")),
                prefix + "lotteries-sink");
    }
}
