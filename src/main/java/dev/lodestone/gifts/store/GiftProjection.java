package dev.lodestone.gifts.store;

import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsKeys;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.platform.redis.VersionedProjection;
import dev.lodestone.points.store.PointsProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code points-gifts} (each gift with its live stock) and the Idempotency-Keys of exchanges
 * on {@code gift-commands} into Redis. Writes are idempotent: a gift never moves back to an older
 * version, and a key keeps the first fingerprint it was sent with.
 */
@ApplicationScoped
public class GiftProjection implements RedisProjection {

    public static final String GIFT_CHANNEL = "gifts-projection";
    public static final String IDEMPOTENCY_CHANNEL = "gifts-idempotency-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "gifts";

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection versioned;
    private final PointsProjection points;
    private final LodestoneMetrics.Freshness freshness;

    GiftProjection(ReactiveRedisDataSource redis, PointsProjection points, LodestoneMetrics metrics) {
        this.redis = redis;
        this.versioned = new VersionedProjection(redis);
        this.points = points;
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(GIFT_CHANNEL, IDEMPOTENCY_CHANNEL);
    }

    @Incoming(GIFT_CHANNEL)
    public Uni<Void> gift(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, this::gift);
    }

    /** The first body fingerprint of each exchange's Idempotency-Key, carried by its RESERVE command. */
    @Incoming(IDEMPOTENCY_CHANNEL)
    public Uni<Void> idempotency(ConsumerRecords<String, String> records) {
        return ProjectionBatch.every(records, this::idempotencyKey);
    }

    private Uni<?> gift(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        Gift gift = JsonSerde.read(record.value(), Gift.class);
        return versioned
                .write(GiftsKeys.gift(gift.giftId()), gift.version(), record.value())
                .chain(() -> redis.set(String.class).sadd(GiftsKeys.GIFT_IDS, gift.giftId()))
                .invoke(() -> freshness.visibleSince(record.timestamp()));
    }

    private Uni<?> idempotencyKey(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        GiftCommand command = JsonSerde.read(record.value(), GiftCommand.class);
        if (command.type() != GiftCommand.Type.RESERVE) {
            return Uni.createFrom().voidItem();
        }
        return points.rememberFingerprint(command.requestId(), command.fingerprint(), record.timestamp());
    }
}
