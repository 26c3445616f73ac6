package dev.lodestone.points.streams;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.CouponCodes;
import dev.lodestone.points.Decision;
import dev.lodestone.points.Gift;
import dev.lodestone.points.GiftCommand;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.LedgerState;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ShopperEvent;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The points ledger and the gift shop.
 *
 * <p>The ledger processor reads the validated, de-duplicated shopper events and {@code points-commands}
 * in the same task as the ingest de-duplication store, keyed by shopper: one partition is the single
 * writer of a balance, and under exactly-once the dedupe mark, the state change and the ledger entry
 * commit together. The gift processor owns stock on the gift's partition. An exchange is a saga:
 * RESERVE (gift) → EXCHANGE_DEBIT (ledger) → CONFIRM or RELEASE (gift), each step one transaction.
 */
public final class PointsTopology {

    public static final String LEDGER_STORE = "points-ledger-store";
    public static final String PURCHASE_STORE = "points-purchase-store";
    /** Which items each shopper was credited a review for: {@code u:<userId>,<itemId>} → event id. */
    public static final String REVIEW_STORE = "points-review-store";

    public static final String REQUEST_STORE = "points-request-store";
    public static final String RULES_STORE = "points-rules-store";
    public static final String GIFT_STORE = "points-gift-store";
    public static final String EXCHANGE_STORE = "points-exchange-store";
    public static final String COUPON_STORE = "points-coupon-store";
    public static final String LEDGER = "points-ledger";
    public static final String GIFTS = "points-gifts";
    public static final String RULES_KEY = "current";

    private PointsTopology() {}

    /** What a points processor emits: exactly one of the fields is set, routed to its topic. */
    record Out(LedgerEntry entry, Decision decision, GiftCommand giftCommand, PointsCommand pointsCommand, Gift gift) {
        static Out of(LedgerEntry v) {
            return new Out(v, null, null, null, null);
        }

        static Out of(Decision v) {
            return new Out(null, v, null, null, null);
        }

        static Out of(GiftCommand v) {
            return new Out(null, null, v, null, null);
        }

        static Out of(PointsCommand v) {
            return new Out(null, null, null, v, null);
        }

        static Out of(Gift v) {
            return new Out(null, null, null, null, v);
        }
    }

    /** Input of the ledger: a shopper event or a command. */
    record In(ShopperEvent event, PointsCommand command) {}

    /**
     * @param couponCodes the keyed code generator of confirmed coupon exchanges: the engine's server
     *     secret, so codes stay the same across restarts and replays
     */
    public static void addTo(
            StreamsBuilder builder, KStream<String, ShopperEvent> events, StoreKind stores, CouponCodes couponCodes) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                stores.keyValue(RULES_STORE), Serdes.String(), PointsTopics.POINTS_RULES.valueSerde())
                        .withLoggingDisabled(),
                PointsTopics.POINTS_RULES.name(),
                PointsTopics.POINTS_RULES.consumed(),
                RulesUpdater::new);

        builder.addStateStore(kv(stores, LEDGER_STORE, LedgerState.class));
        builder.addStateStore(kv(stores, PURCHASE_STORE, LedgerProcessor.Purchase.class));
        builder.addStateStore(kv(stores, REVIEW_STORE, String.class));
        builder.addStateStore(kv(stores, REQUEST_STORE, Decision.class));
        builder.addStateStore(kv(stores, GIFT_STORE, Gift.class));
        builder.addStateStore(kv(stores, EXCHANGE_STORE, GiftProcessor.Exchange.class));
        builder.addStateStore(kv(stores, COUPON_STORE, GiftProcessor.Coupon.class));

        KStream<String, In> earning = events.filter(
                        // The types the intake accepts from server-side roles only (EventType.movesValue).
                        (key, e) -> e.userId() != null && e.type().movesValue(), Named.as("points-earning-events"))
                .mapValues(e -> new In(e, null), Named.as("points-event-in"));
        KStream<String, In> commands = builder.stream(
                        PointsTopics.POINTS_COMMANDS.name(), PointsTopics.POINTS_COMMANDS.consumed())
                .mapValues(c -> new In(null, c), Named.as("points-command-in"));
        route(
                earning.merge(commands, Named.as("points-ledger-input"))
                        .process(
                                LedgerProcessor::new,
                                Named.as(LEDGER),
                                LEDGER_STORE,
                                PURCHASE_STORE,
                                REVIEW_STORE,
                                REQUEST_STORE),
                "points-ledger-out-");

        route(
                builder.stream(PointsTopics.GIFT_COMMANDS.name(), PointsTopics.GIFT_COMMANDS.consumed())
                        .process(
                                () -> new GiftProcessor(couponCodes),
                                Named.as(GIFTS),
                                GIFT_STORE,
                                EXCHANGE_STORE,
                                COUPON_STORE),
                "points-gift-out-");
    }

    private static void route(KStream<String, Out> out, String prefix) {
        Map<String, KStream<String, Out>> branches = out.split(Named.as(prefix))
                .branch((k, v) -> v.entry() != null, Branched.as("entry"))
                .branch((k, v) -> v.decision() != null, Branched.as("decision"))
                .branch((k, v) -> v.giftCommand() != null, Branched.as("gift-command"))
                .branch((k, v) -> v.pointsCommand() != null, Branched.as("points-command"))
                .branch((k, v) -> v.gift() != null, Branched.as("gift"))
                .noDefaultBranch();
        branches.get(prefix + "entry")
                .mapValues(Out::entry, Named.as(prefix + "entry-value"))
                .to(
                        PointsTopics.POINTS_LEDGER.name(),
                        PointsTopics.POINTS_LEDGER.produced().withName(prefix + "ledger-sink"));
        branches.get(prefix + "decision")
                .mapValues(Out::decision, Named.as(prefix + "decision-value"))
                .to(
                        PointsTopics.POINTS_REPLIES.name(),
                        PointsTopics.POINTS_REPLIES.produced().withName(prefix + "replies-sink"));
        branches.get(prefix + "gift-command")
                .mapValues(Out::giftCommand, Named.as(prefix + "gift-command-value"))
                .to(
                        PointsTopics.GIFT_COMMANDS.name(),
                        PointsTopics.GIFT_COMMANDS.produced().withName(prefix + "gift-commands-sink"));
        branches.get(prefix + "points-command")
                .mapValues(Out::pointsCommand, Named.as(prefix + "points-command-value"))
                .to(
                        PointsTopics.POINTS_COMMANDS.name(),
                        PointsTopics.POINTS_COMMANDS.produced().withName(prefix + "points-commands-sink"));
        branches.get(prefix + "gift")
                .mapValues(Out::gift, Named.as(prefix + "gift-value"))
                .to(
                        PointsTopics.POINTS_GIFTS.name(),
                        PointsTopics.POINTS_GIFTS.produced().withName(prefix + "gifts-sink"));
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> kv(
            StoreKind stores, String name, Class<V> type) {
        return Stores.keyValueStoreBuilder(stores.keyValue(name), Serdes.String(), JsonSerde.of(type));
    }

    /** Keeps the global rules store equal to the compacted topic. */
    static final class RulesUpdater implements Processor<String, PointsRules, Void, Void> {
        private KeyValueStore<String, PointsRules> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(RULES_STORE);
        }

        @Override
        public void process(Record<String, PointsRules> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
