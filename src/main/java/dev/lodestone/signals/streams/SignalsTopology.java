package dev.lodestone.signals.streams;

import dev.lodestone.chat.ChatTopics;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.signals.Cart;
import dev.lodestone.signals.CartAbandoned;
import dev.lodestone.signals.CartRecovered;
import dev.lodestone.signals.CartSerde;
import dev.lodestone.signals.DailyCounts;
import dev.lodestone.signals.Feedback;
import dev.lodestone.signals.FunnelState;
import dev.lodestone.signals.FunnelStateSerde;
import dev.lodestone.signals.NotInterested;
import dev.lodestone.signals.SignalsConfig;
import dev.lodestone.signals.SignalsTopics;
import dev.lodestone.signals.Tally;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Shopping-experience signals from the de-duplicated shopper events: cart abandonment (per-shopper
 * carts, wall-clock stages), funnels (per category and per recommendation placement, with a conversion
 * window), feedback and chat ratings (counts, NPS bands, CSAT, keywords), and the daily series every
 * signal is summed into ({@code signals-daily}).
 */
public final class SignalsTopology {

    /** Shopper key → {@link Cart}. */
    public static final String CART_STORE = "signals-cart-store";
    /** {@code <due ms>,<shopperKey>} → shopper key: the carts by the time their next stage falls due. */
    public static final String CART_DUE_STORE = "signals-cart-due-store";
    /** Shopper key → {@link FunnelState}: the shopper's open funnel journeys. */
    public static final String FUNNEL_STORE = "signals-funnel-store";
    /** {@code <due ms>,<shopperKey>} → shopper key: shoppers by the time their earliest journey's window closes. */
    public static final String FUNNEL_DUE_STORE = "signals-funnel-due-store";
    /** Shopper key → {@link NotInterested}. */
    public static final String NOT_INTERESTED_STORE = "signals-not-interested-store";
    /** {@code <dimension>|<value>|<day>} → {@link DailyCounts}. */
    public static final String DAILY_STORE = "signals-daily-store";

    public static final String CARTS = "signals-carts";
    public static final String FUNNELS = "signals-funnels";
    public static final String FEEDBACK = "signals-feedback";
    public static final String NOT_INTERESTED = "signals-not-interested-aggregate";
    public static final String DAILY = "signals-daily-aggregate";
    /** Name of the repartition by series-day: {@code lodestone-signals-daily-group-repartition}. */
    public static final String DAILY_GROUP = "signals-daily-group";

    private SignalsTopology() {}

    /** What the per-shopper processors read: one of the shopper's events, or the request to forget them. */
    public record In(ShopperEvent event, ForgetRequest forget) {}

    /** What they emit: exactly one field set, routed to its topic. */
    public record Out(CartAbandoned abandoned, CartRecovered recovered, Tally tally) {
        static Out of(CartAbandoned v) {
            return new Out(v, null, null);
        }

        static Out of(CartRecovered v) {
            return new Out(null, v, null);
        }

        static Out of(Tally v) {
            return new Out(null, null, v);
        }
    }

    /**
     * @param events the validated, de-duplicated shopper events
     * @param forget requests to forget a shopper, keyed by shopper key like {@code events}
     */
    public static void addTo(
            StreamsBuilder builder,
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            SignalsConfig config,
            StoreKind stores) {
        builder.addStateStore(stores.keyValue(CART_STORE, new CartSerde()));
        builder.addStateStore(stores.jsonKeyValue(CART_DUE_STORE, String.class));

        KStream<String, In> forgetting = forget.mapValues(f -> new In(null, f), Named.as("signals-forget-in"));
        KStream<String, In> cartInput = events.filter(
                        (k, e) -> e.type() == EventType.ADD_TO_CART
                                || e.type() == EventType.REMOVE_FROM_CART
                                || e.type() == EventType.PURCHASE,
                        Named.as("signals-cart-events"))
                .mapValues(e -> new In(e, null), Named.as("signals-cart-event-in"))
                .merge(forgetting, Named.as("signals-cart-input"));
        KStream<String, Out> out = cartInput.process(
                () -> new CartAbandonmentProcessor(
                        config.cartAbandonment().idle(),
                        config.cartAbandonment().checkInterval(),
                        config.cartAbandonment().quiet()),
                Named.as(CARTS),
                CART_STORE,
                CART_DUE_STORE);
        builder.addStateStore(stores.keyValue(FUNNEL_STORE, new FunnelStateSerde()));
        builder.addStateStore(stores.jsonKeyValue(FUNNEL_DUE_STORE, String.class));
        KStream<String, In> funnelInput = events.filter(
                        (k, e) -> e.type() == EventType.VIEW
                                || e.type() == EventType.ADD_TO_CART
                                || e.type() == EventType.PURCHASE
                                || e.type() == EventType.IMPRESSION
                                || e.type() == EventType.CLICK,
                        Named.as("signals-funnel-events"))
                .mapValues(e -> new In(e, null), Named.as("signals-funnel-event-in"))
                .merge(forgetting, Named.as("signals-funnel-input"));
        KStream<String, Out> funnels = funnelInput.process(
                () -> new FunnelProcessor(
                        config.funnel().window(),
                        config.funnel().checkInterval(),
                        config.funnel().maxOpenJourneys()),
                Named.as(FUNNELS),
                FUNNEL_STORE,
                FUNNEL_DUE_STORE);
        KStream<String, Feedback> posted =
                builder.stream(SignalsTopics.FEEDBACK.name(), SignalsTopics.FEEDBACK.consumed());
        KStream<String, Feedback> feedback = posted.merge(
                builder.stream(ChatTopics.CHAT_RATINGS.name(), ChatTopics.CHAT_RATINGS.consumed())
                        .mapValues(Feedback::fromChatRating, Named.as("signals-chat-rating-in")),
                Named.as("signals-feedback-input"));
        notInterested(posted, forget, stores);
        KStream<String, Out> feedbackTallies = feedback.process(FeedbackProcessor::new, Named.as(FEEDBACK));
        route(
                out.merge(funnels, Named.as("signals-out")).merge(feedbackTallies, Named.as("signals-out-feedback")),
                stores);
    }

    /** What the not-interested aggregate reads: a "not interested" mark, or the request to forget the shopper. */
    public record Mark(Feedback feedback, ForgetRequest forget) {}

    /**
     * Folds each shopper's "not interested" marks into {@link #NOT_INTERESTED_STORE} and publishes every
     * change to {@code shopper-not-interested}; a forget deletes the entry, which publishes a tombstone.
     */
    private static void notInterested(
            KStream<String, Feedback> posted, KStream<String, ForgetRequest> forget, StoreKind stores) {
        posted.filter(
                        (k, f) -> f != null
                                && Feedback.NOT_INTERESTED.equals(f.source())
                                && f.about() != null
                                && f.about().id() != null
                                && k != null,
                        Named.as("signals-not-interested-marks"))
                .mapValues(f -> new Mark(f, null), Named.as("signals-not-interested-in"))
                .merge(
                        forget.mapValues(f -> new Mark(null, f), Named.as("signals-not-interested-forget-in")),
                        Named.as("signals-not-interested-input"))
                .groupByKey(Grouped.with("signals-not-interested-group", Serdes.String(), JsonSerde.of(Mark.class)))
                .aggregate(
                        () -> null,
                        // The DSL deletes the entry when the aggregator answers null, and forwards the deletion.
                        (key, mark, state) -> mark.forget() != null
                                ? null
                                : (state == null ? NotInterested.empty(key) : state).apply(mark.feedback()),
                        Named.as(NOT_INTERESTED),
                        stores.<String, NotInterested>materialized(NOT_INTERESTED_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(SignalsTopics.SHOPPER_NOT_INTERESTED.valueSerde()))
                .toStream(Named.as("signals-not-interested-changes"))
                .to(SignalsTopics.SHOPPER_NOT_INTERESTED.name(), SignalsTopics.SHOPPER_NOT_INTERESTED.produced());
    }

    private static void route(KStream<String, Out> out, StoreKind stores) {
        String prefix = "signals-out-";
        Map<String, KStream<String, Out>> branches = out.split(Named.as(prefix))
                .branch((k, v) -> v.abandoned() != null, Branched.as("abandoned"))
                .branch((k, v) -> v.recovered() != null, Branched.as("recovered"))
                .branch((k, v) -> v.tally() != null, Branched.as("tally"))
                .noDefaultBranch();
        SignalsTopics.CART_ABANDONED.write(
                branches.get(prefix + "abandoned").mapValues(Out::abandoned, Named.as(prefix + "abandoned-value")),
                prefix + "abandoned-sink");
        SignalsTopics.CART_RECOVERED.write(
                branches.get(prefix + "recovered").mapValues(Out::recovered, Named.as(prefix + "recovered-value")),
                prefix + "recovered-sink");
        branches.get(prefix + "tally")
                .map((k, v) -> KeyValue.pair(v.tally().key(), v.tally()), Named.as("signals-tally-by-day"))
                .groupByKey(Grouped.with(DAILY_GROUP, Serdes.String(), JsonSerde.of(Tally.class)))
                .aggregate(
                        DailyCounts::empty,
                        (key, tally, counts) -> counts.add(tally),
                        Named.as(DAILY),
                        stores.<String, DailyCounts>materialized(DAILY_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(SignalsTopics.SIGNALS_DAILY.valueSerde()))
                .toStream(Named.as("signals-daily-changes"))
                .to(SignalsTopics.SIGNALS_DAILY.name(), SignalsTopics.SIGNALS_DAILY.produced());
    }
}
