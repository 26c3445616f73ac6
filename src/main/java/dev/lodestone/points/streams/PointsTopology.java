package dev.lodestone.points.streams;

import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.Decision;
import dev.lodestone.points.ExchangeReplies;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.LedgerState;
import dev.lodestone.points.PointsCommand;
import dev.lodestone.points.PointsRules;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetRequest;
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
 * The points ledger.
 *
 * <p>The ledger processor reads the validated, de-duplicated shopper events and {@code points-commands}
 * in the same task as the ingest de-duplication store, keyed by shopper: one partition is the single
 * writer of a balance, and under exactly-once the dedupe mark, the state change and the ledger entry
 * commit together. An exchange debit is answered through the requesting feature's topic
 * ({@link ExchangeReplies}): the gift shop's saga is RESERVE (gift) → EXCHANGE_DEBIT (ledger) →
 * CONFIRM or RELEASE (gift), each step one transaction.
 */
public final class PointsTopology {

    public static final String LEDGER_STORE = "points-ledger-store";
    public static final String PURCHASE_STORE = "points-purchase-store";
    /** Which items each shopper was credited a review for: {@code u:<userId>,<itemId>} → event id. */
    public static final String REVIEW_STORE = "points-review-store";

    public static final String REQUEST_STORE = "points-request-store";
    /**
     * Which requests each shopper made, so a forget finds their decisions: {@code u:<userId>,<requestId>}
     * → request id. Kept beside {@link #REQUEST_STORE}, whose keys stay the request ids retries look up.
     */
    public static final String REQUEST_INDEX_STORE = "points-request-index-store";

    public static final String RULES_STORE = "points-rules-store";
    public static final String LEDGER = "points-ledger";
    public static final String RULES_KEY = "current";

    /** The ledger's keys: {@code u:<userId>}, the shopper key of a user. */
    static final String USER_KEY_PREFIX = ShopperEvent.userKey("");

    private PointsTopology() {}

    /** What the ledger emits: exactly one of the fields is set, routed to its topic. */
    record Out(LedgerEntry entry, Decision decision, Object reply) {
        static Out of(LedgerEntry v) {
            return new Out(v, null, null);
        }

        static Out of(Decision v) {
            return new Out(null, v, null);
        }

        static Out reply(Object v) {
            return new Out(null, null, v);
        }
    }

    /** Input of the ledger: a shopper event, a command or a request to forget the shopper. */
    record In(ShopperEvent event, PointsCommand command, ForgetRequest forget) {}

    /**
     * @param forget requests to forget a shopper, keyed by shopper key like the ledger ({@code u:<userId>})
     * @param exchangeReplies how exchange debits are answered (the gift shop's command topic)
     */
    public static <R> void addTo(
            StreamsBuilder builder,
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            StoreKind stores,
            ExchangeReplies<R> exchangeReplies) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                stores.keyValue(RULES_STORE), Serdes.String(), PointsTopics.POINTS_RULES.valueSerde())
                        .withLoggingDisabled(),
                PointsTopics.POINTS_RULES.name(),
                PointsTopics.POINTS_RULES.consumed(),
                RulesUpdater::new);

        builder.addStateStore(stores.jsonKeyValue(LEDGER_STORE, LedgerState.class));
        builder.addStateStore(stores.jsonKeyValue(PURCHASE_STORE, LedgerProcessor.Purchase.class));
        builder.addStateStore(stores.jsonKeyValue(REVIEW_STORE, String.class));
        builder.addStateStore(stores.jsonKeyValue(REQUEST_STORE, Decision.class));
        builder.addStateStore(stores.jsonKeyValue(REQUEST_INDEX_STORE, String.class));

        KStream<String, In> earning = events.filter(
                        // The types the intake accepts from server-side roles only (EventType.movesValue).
                        (key, e) -> e.userId() != null && e.type().movesValue(), Named.as("points-earning-events"))
                .mapValues(e -> new In(e, null, null), Named.as("points-event-in"));
        KStream<String, In> commands = builder.stream(
                        PointsTopics.POINTS_COMMANDS.name(), PointsTopics.POINTS_COMMANDS.consumed())
                .mapValues(c -> new In(null, c, null), Named.as("points-command-in"));
        // Only users have a ledger; a session shopper's key (s:) names nothing here.
        KStream<String, In> forgetting = forget.filter(
                        (key, f) -> key != null && key.startsWith(USER_KEY_PREFIX), Named.as("points-forget-users"))
                .mapValues(f -> new In(null, null, f), Named.as("points-forget-in"));
        route(
                earning.merge(commands, Named.as("points-ledger-input"))
                        .merge(forgetting, Named.as("points-ledger-forget-input"))
                        .process(
                                () -> new LedgerProcessor(exchangeReplies),
                                Named.as(LEDGER),
                                LEDGER_STORE,
                                PURCHASE_STORE,
                                REVIEW_STORE,
                                REQUEST_STORE,
                                REQUEST_INDEX_STORE),
                "points-ledger-out-",
                exchangeReplies);
    }

    @SuppressWarnings("unchecked")
    private static <R> void route(KStream<String, Out> out, String prefix, ExchangeReplies<R> exchangeReplies) {
        Map<String, KStream<String, Out>> branches = out.split(Named.as(prefix))
                .branch((k, v) -> v.entry() != null, Branched.as("entry"))
                .branch((k, v) -> v.decision() != null, Branched.as("decision"))
                .branch((k, v) -> v.reply() != null, Branched.as("exchange-reply"))
                .noDefaultBranch();
        PointsTopics.POINTS_LEDGER.write(
                branches.get(prefix + "entry").mapValues(Out::entry, Named.as(prefix + "entry-value")),
                prefix + "ledger-sink");
        PointsTopics.POINTS_REPLIES.write(
                branches.get(prefix + "decision").mapValues(Out::decision, Named.as(prefix + "decision-value")),
                prefix + "replies-sink");
        Topic<String, R> replies = exchangeReplies.topic();
        replies.write(
                branches.get(prefix + "exchange-reply")
                        .mapValues(v -> (R) v.reply(), Named.as(prefix + "exchange-reply-value")),
                prefix + "exchange-replies-sink");
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
