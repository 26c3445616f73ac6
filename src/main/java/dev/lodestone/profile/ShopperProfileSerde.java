package dev.lodestone.profile;

import dev.lodestone.platform.kafka.BinarySerde;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact binary serde for {@code profile-shopper-store} and {@code shopper-profiles}: the aggregate
 * reads and rewrites the whole profile for every event and publishes it, and its JSON was the largest
 * share of the StreamThreads' time (docs/benchmarks.md). JSON values written before are still read.
 *
 * <p>Layout 1 ({@link BinarySerde}): the fields in declaration order; a price band as its key and three
 * doubles; a pending item's price as an optional double.
 */
public final class ShopperProfileSerde extends BinarySerde<ShopperProfile> {

    private static final byte FORMAT = 1;

    public ShopperProfileSerde() {
        super(FORMAT, ShopperProfile.class);
    }

    @Override
    protected void write(Writer out, ShopperProfile profile) {
        out.string(profile.shopperKey()).string(profile.userId()).string(profile.sessionId());
        out.instant(profile.asOf());
        scores(out, profile.categories());
        scores(out, profile.brands());
        out.count(profile.priceBands());
        profile.priceBands()
                .forEach((band, p) ->
                        out.putInt(band).putDouble(p.score()).putDouble(p.min()).putDouble(p.max()));
        out.count(profile.recent());
        for (ShopperProfile.RecentItem r : profile.recent()) {
            out.string(r.itemId()).instant(r.at()).putDouble(r.weight());
        }
        out.count(profile.purchased());
        for (ShopperProfile.PurchasedItem p : profile.purchased()) {
            out.string(p.itemId()).instant(p.at());
        }
        out.count(profile.pending());
        for (ShopperProfile.PendingItem p : profile.pending()) {
            out.string(p.itemId()).instant(p.at()).putDouble(p.weight()).optionalDouble(p.price());
        }
        out.putLong(profile.version()).instant(profile.lastReceivedAt());
    }

    @Override
    protected ShopperProfile read(Reader in) {
        String shopperKey = in.string();
        String userId = in.string();
        String sessionId = in.string();
        Instant asOf = in.instant();
        Map<String, Double> categories = scores(in);
        Map<String, Double> brands = scores(in);
        int bandCount = in.getInt();
        Map<Integer, ShopperProfile.PriceBand> bands = new LinkedHashMap<>(capacity(bandCount));
        for (int i = 0; i < bandCount; i++) {
            bands.put(in.getInt(), new ShopperProfile.PriceBand(in.getDouble(), in.getDouble(), in.getDouble()));
        }
        ShopperProfile.RecentItem[] recent = new ShopperProfile.RecentItem[in.getInt()];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = new ShopperProfile.RecentItem(in.string(), in.instant(), in.getDouble());
        }
        ShopperProfile.PurchasedItem[] purchased = new ShopperProfile.PurchasedItem[in.getInt()];
        for (int i = 0; i < purchased.length; i++) {
            purchased[i] = new ShopperProfile.PurchasedItem(in.string(), in.instant());
        }
        ShopperProfile.PendingItem[] pending = new ShopperProfile.PendingItem[in.getInt()];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = new ShopperProfile.PendingItem(in.string(), in.instant(), in.getDouble(), in.optionalDouble());
        }
        long version = in.getLong();
        Instant lastReceivedAt = in.instant();
        return new ShopperProfile(
                shopperKey,
                userId,
                sessionId,
                asOf,
                categories,
                brands,
                Collections.unmodifiableMap(bands),
                List.of(recent),
                List.of(purchased),
                List.of(pending),
                version,
                lastReceivedAt);
    }

    private static void scores(Writer out, Map<String, Double> scores) {
        out.count(scores);
        scores.forEach((name, score) -> out.string(name).putDouble(score));
    }

    private static Map<String, Double> scores(Reader in) {
        int count = in.getInt();
        Map<String, Double> scores = new LinkedHashMap<>(capacity(count));
        for (int i = 0; i < count; i++) {
            scores.put(in.string(), in.getDouble());
        }
        return Collections.unmodifiableMap(scores);
    }
}
