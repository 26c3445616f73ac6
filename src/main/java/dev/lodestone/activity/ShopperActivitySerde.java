package dev.lodestone.activity;

import dev.lodestone.platform.kafka.BinarySerde;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compact binary serde for {@code activity-shopper-store}: the aggregate reads and rewrites the whole
 * activity for every event, and reading its JSON was about a tenth of the StreamThreads' time
 * (docs/benchmarks.md). The {@code shopper-activity} topic, written once per key per commit, stays JSON.
 *
 * <p>Layout 1 ({@link BinarySerde}): the fields in declaration order; counts as type and count.
 */
public final class ShopperActivitySerde extends BinarySerde<ShopperActivity> {

    private static final byte FORMAT = 1;

    public ShopperActivitySerde() {
        super(FORMAT, ShopperActivity.class);
    }

    @Override
    protected void write(Writer out, ShopperActivity activity) {
        out.string(activity.shopperKey()).string(activity.userId()).string(activity.sessionId());
        out.count(activity.counts());
        activity.counts().forEach((type, count) -> out.string(type).putLong(count));
        out.instant(activity.firstSeen()).instant(activity.lastSeen());
        out.count(activity.recentItems());
        for (ShopperActivity.RecentItem item : activity.recentItems()) {
            out.string(item.itemId()).instant(item.at());
        }
        out.putLong(activity.version()).instant(activity.lastReceivedAt());
    }

    @Override
    protected ShopperActivity read(Reader in) {
        String shopperKey = in.string();
        String userId = in.string();
        String sessionId = in.string();
        int types = in.getInt();
        // Sorted by type, as the aggregate keeps them.
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < types; i++) {
            counts.put(in.string(), in.getLong());
        }
        Instant firstSeen = in.instant();
        Instant lastSeen = in.instant();
        ShopperActivity.RecentItem[] recent = new ShopperActivity.RecentItem[in.getInt()];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = new ShopperActivity.RecentItem(in.string(), in.instant());
        }
        return new ShopperActivity(
                shopperKey,
                userId,
                sessionId,
                Collections.unmodifiableMap(counts),
                firstSeen,
                lastSeen,
                List.of(recent),
                in.getLong(),
                in.instant());
    }
}
