package dev.lodestone.profile;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.ValueSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact binary serde for {@code profile-shopper-store}: the aggregate reads and rewrites the whole
 * profile for every event, and its JSON (Jackson's instant parsing above all) was the largest share of
 * the StreamThreads' time (docs/benchmarks.md). The {@code shopper-profiles} topic stays JSON for its
 * readers.
 *
 * <p>Layout 1: format byte, then the fields in declaration order. Strings as an int length (-1 for null)
 * and UTF-8 bytes; instants as a presence byte, epoch seconds (long) and nanos (int), exact; doubles as
 * their bits, exact; maps and lists as an int count and their entries in iteration order. A value
 * starting with {@code '{'} is the JSON the store held before, still read, so an existing changelog
 * restores unchanged.
 */
public final class ShopperProfileSerde implements ValueSerde<ShopperProfile> {

    private static final byte FORMAT = 1;
    private static final byte JSON = '{';
    private static final JsonSerde<ShopperProfile> LEGACY = JsonSerde.of(ShopperProfile.class);

    @Override
    public byte[] serialize(String topic, ShopperProfile profile) {
        if (profile == null) {
            return null;
        }
        Writer out = new Writer();
        out.buffer.put(FORMAT);
        out.string(profile.shopperKey());
        out.string(profile.userId());
        out.string(profile.sessionId());
        out.instant(profile.asOf());
        out.scores(profile.categories());
        out.scores(profile.brands());
        out.count(profile.priceBands());
        profile.priceBands().forEach((band, p) -> {
            out.room(4 + 24);
            out.buffer.putInt(band).putDouble(p.score()).putDouble(p.min()).putDouble(p.max());
        });
        out.count(profile.recent());
        for (ShopperProfile.RecentItem r : profile.recent()) {
            out.string(r.itemId());
            out.instant(r.at());
            out.room(8);
            out.buffer.putDouble(r.weight());
        }
        out.count(profile.purchased());
        for (ShopperProfile.PurchasedItem p : profile.purchased()) {
            out.string(p.itemId());
            out.instant(p.at());
        }
        out.count(profile.pending());
        for (ShopperProfile.PendingItem p : profile.pending()) {
            out.string(p.itemId());
            out.instant(p.at());
            out.room(17);
            out.buffer.putDouble(p.weight());
            out.buffer.put((byte) (p.price() == null ? 0 : 1));
            if (p.price() != null) {
                out.buffer.putDouble(p.price());
            }
        }
        out.room(8);
        out.buffer.putLong(profile.version());
        out.instant(profile.lastReceivedAt());
        return out.bytes();
    }

    @Override
    public ShopperProfile deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == JSON) {
            return LEGACY.deserialize(topic, data);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown shopper profile format " + format);
        }
        String shopperKey = string(in);
        String userId = string(in);
        String sessionId = string(in);
        Instant asOf = instant(in);
        Map<String, Double> categories = scores(in);
        Map<String, Double> brands = scores(in);
        int bandCount = in.getInt();
        Map<Integer, ShopperProfile.PriceBand> bands = new LinkedHashMap<>(capacity(bandCount));
        for (int i = 0; i < bandCount; i++) {
            bands.put(in.getInt(), new ShopperProfile.PriceBand(in.getDouble(), in.getDouble(), in.getDouble()));
        }
        ShopperProfile.RecentItem[] recent = new ShopperProfile.RecentItem[in.getInt()];
        for (int i = 0; i < recent.length; i++) {
            recent[i] = new ShopperProfile.RecentItem(string(in), instant(in), in.getDouble());
        }
        ShopperProfile.PurchasedItem[] purchased = new ShopperProfile.PurchasedItem[in.getInt()];
        for (int i = 0; i < purchased.length; i++) {
            purchased[i] = new ShopperProfile.PurchasedItem(string(in), instant(in));
        }
        ShopperProfile.PendingItem[] pending = new ShopperProfile.PendingItem[in.getInt()];
        for (int i = 0; i < pending.length; i++) {
            String itemId = string(in);
            Instant at = instant(in);
            double weight = in.getDouble();
            Double price = in.get() == 0 ? null : in.getDouble();
            pending[i] = new ShopperProfile.PendingItem(itemId, at, weight, price);
        }
        long version = in.getLong();
        Instant lastReceivedAt = instant(in);
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

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static Instant instant(ByteBuffer in) {
        return in.get() == 0 ? null : Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static Map<String, Double> scores(ByteBuffer in) {
        int count = in.getInt();
        Map<String, Double> scores = new LinkedHashMap<>(capacity(count));
        for (int i = 0; i < count; i++) {
            scores.put(string(in), in.getDouble());
        }
        return Collections.unmodifiableMap(scores);
    }

    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /** A growing buffer: a profile's size is bounded by its settings but not known up front. */
    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(1024);

        void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void string(String s) {
            if (s == null) {
                room(4);
                buffer.putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            room(4 + utf8.length);
            buffer.putInt(utf8.length).put(utf8);
        }

        void instant(Instant at) {
            room(13);
            if (at == null) {
                buffer.put((byte) 0);
            } else {
                buffer.put((byte) 1).putLong(at.getEpochSecond()).putInt(at.getNano());
            }
        }

        void count(Map<?, ?> map) {
            room(4);
            buffer.putInt(map.size());
        }

        void count(List<?> list) {
            room(4);
            buffer.putInt(list.size());
        }

        void scores(Map<String, Double> scores) {
            count(scores);
            scores.forEach((name, score) -> {
                string(name);
                room(8);
                buffer.putDouble(score);
            });
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }
}
