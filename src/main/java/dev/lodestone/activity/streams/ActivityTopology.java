package dev.lodestone.activity.streams;

import dev.lodestone.activity.ActivityTopics;
import dev.lodestone.activity.ShopperActivity;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.streams.StoreKind;
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

    /** Aggregates events per shopper into {@link #STORE} and publishes each change to {@code shopper-activity}. */
    public static void addTo(KStream<String, ShopperEvent> events, int maxRecentItems, StoreKind storeKind) {
        events.groupByKey(Grouped.with("activity-group", Serdes.String(), JsonSerde.of(ShopperEvent.class)))
                .aggregate(
                        () -> null,
                        (key, event, activity) ->
                                (activity == null ? ShopperActivity.empty(key) : activity).apply(event, maxRecentItems),
                        Named.as(AGGREGATE),
                        storeKind
                                .<String, ShopperActivity>materialized(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(ActivityTopics.SHOPPER_ACTIVITY.valueSerde()))
                .toStream(Named.as("activity-changes"))
                .to(ActivityTopics.SHOPPER_ACTIVITY.name(), ActivityTopics.SHOPPER_ACTIVITY.produced());
    }
}
