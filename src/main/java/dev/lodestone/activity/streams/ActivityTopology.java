package dev.lodestone.activity.streams;

import dev.lodestone.activity.ActivityTopics;
import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.activity.ShopperActivitySerde;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** Per-shopper activity: the smallest complete feature, and the pattern the others follow. */
public final class ActivityTopology {

    public static final String STORE = "activity-shopper-store";
    public static final String AGGREGATE = "activity-aggregate";

    private ActivityTopology() {}

    /** What the aggregate reads: one of the shopper's events, or the request to forget the shopper. */
    public record Input(ShopperEvent event, ForgetRequest forget) {}

    /**
     * Aggregates events per shopper into {@link #STORE} and publishes each change to {@code shopper-activity}.
     * A forget request deletes the shopper's entry, which publishes a tombstone; their next event starts afresh.
     *
     * @param forget requests to forget a shopper, keyed by shopper key like {@code events}
     */
    public static void addTo(
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            int maxRecentItems,
            StoreKind storeKind) {
        KStream<String, Input> input = events.mapValues(e -> new Input(e, null), Named.as("activity-event-in"))
                .merge(
                        forget.mapValues(f -> new Input(null, f), Named.as("activity-forget-in")),
                        Named.as("activity-input"));
        // Same key as both inputs: no repartition, the serde below is never used on the wire.
        input.groupByKey(Grouped.with("activity-group", Serdes.String(), JsonSerde.of(Input.class)))
                .aggregate(
                        () -> null,
                        // The DSL deletes the entry when the aggregator answers null, and forwards the deletion.
                        (key, in, activity) -> in.forget() != null
                                ? null
                                : (activity == null ? ShopperActivity.empty(key) : activity)
                                        .apply(in.event(), maxRecentItems),
                        Named.as(AGGREGATE),
                        storeKind
                                .<String, ShopperActivity>materialized(STORE)
                                .withKeySerde(Serdes.String())
                                // Binary in the store, read and rewritten per event; JSON on the topic.
                                .withValueSerde(new ShopperActivitySerde()))
                .toStream(Named.as("activity-changes"))
                .to(ActivityTopics.SHOPPER_ACTIVITY.name(), ActivityTopics.SHOPPER_ACTIVITY.produced());
    }
}
