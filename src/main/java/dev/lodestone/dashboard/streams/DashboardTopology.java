package dev.lodestone.dashboard.streams;

import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.dashboard.DashboardSettings;
import dev.lodestone.dashboard.DashboardTopics;
import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The dashboard's numbers, computed where the data is. Three processors count in the tasks that own
 * their keys (shoppers, points accounts, gifts), keep what must survive a restart in their stores, and
 * publish what they counted once per interval (a wall-clock punctuator) to {@code dashboard-parts}, one
 * record per task: events per type over the rate window, shoppers active in the last 5 minutes, today's
 * funnel, recommendation impressions and clicks by placement and by experiment variant, points issued and
 * redeemed today, and gifts running low. Tasks own disjoint keys, so the parts add up.
 */
public final class DashboardTopology {

    public static final String EVENTS_STORE = "dashboard-events-store";
    public static final String POINTS_STORE = "dashboard-points-store";
    public static final String GIFTS_STORE = "dashboard-gifts-store";
    public static final String EVENTS = "dashboard-events";
    public static final String POINTS = "dashboard-points";
    public static final String GIFTS = "dashboard-gifts";

    private DashboardTopology() {}

    /** What the event counter reads: one of the shopper's events, or the request to forget the shopper. */
    public record Input(ShopperEvent event, ForgetRequest forget) {}

    public static void addTo(
            StreamsBuilder builder,
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            DashboardSettings settings,
            StoreKind stores) {
        builder.addStateStore(stores.keyValue(EVENTS_STORE, Serdes.String()));
        builder.addStateStore(stores.keyValue(POINTS_STORE, Serdes.String()));
        builder.addStateStore(stores.keyValue(GIFTS_STORE, Serdes.String()));

        KStream<String, DashboardPart> fromEvents = events.mapValues(
                        e -> new Input(e, null), Named.as("dashboard-event-in"))
                .merge(
                        forget.mapValues(f -> new Input(null, f), Named.as("dashboard-forget-in")),
                        Named.as("dashboard-input"))
                .process(() -> new EventCounter(settings), Named.as(EVENTS), EVENTS_STORE);
        DashboardTopics.DASHBOARD_PARTS.write(fromEvents, "dashboard-events-parts-sink");

        KStream<String, LedgerEntry> ledger = builder.stream(
                PointsTopics.POINTS_LEDGER.name(),
                PointsTopics.POINTS_LEDGER.consumed().withName("dashboard-points-ledger-source"));
        DashboardTopics.DASHBOARD_PARTS.write(
                ledger.process(() -> new PointsCounter(settings), Named.as(POINTS), POINTS_STORE),
                "dashboard-points-parts-sink");

        KStream<String, Gift> gifts = builder.stream(
                GiftsTopics.POINTS_GIFTS.name(),
                GiftsTopics.POINTS_GIFTS.consumed().withName("dashboard-points-gifts-source"));
        DashboardTopics.DASHBOARD_PARTS.write(
                gifts.process(() -> new LowStockTracker(settings), Named.as(GIFTS), GIFTS_STORE),
                "dashboard-gifts-parts-sink");
    }
}
