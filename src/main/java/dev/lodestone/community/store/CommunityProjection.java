package dev.lodestone.community.store;

import dev.lodestone.community.CommunityConfig;
import dev.lodestone.community.CommunityKeys;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.GroupEvent;
import dev.lodestone.community.Lottery;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.platform.redis.VersionedProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code community-events} into each group's read model (the group, its members, the bounded
 * expiring message window with reply and reaction counts, mutes, bans, held posts), the group list,
 * the moderation log and the open reports; {@code community-coupon-drops} into each drop's view and {@code community-lotteries} into each
 * lottery's (its proof once drawn).
 *
 * <p>A group's records are applied one after the other in offset order, each once: the script skips
 * an offset at or below the group's last applied one, so redeliveries and rebuilds change nothing.
 */
@ApplicationScoped
public class CommunityProjection implements RedisProjection {

    public static final String EVENTS_CHANNEL = "community-projection";
    public static final String DROPS_CHANNEL = "community-drops-projection";
    public static final String LOTTERIES_CHANNEL = "community-lotteries-projection";

    private static final LuaScript APPLY = LuaScript.load("community-apply");

    private final ReactiveRedisDataSource redis;
    private final VersionedProjection drops;
    private final CommunityConfig config;

    CommunityProjection(ReactiveRedisDataSource redis, CommunityConfig config) {
        this.redis = redis;
        this.drops = new VersionedProjection(redis);
        this.config = config;
    }

    @Override
    public List<String> channels() {
        return List.of(EVENTS_CHANNEL, DROPS_CHANNEL, LOTTERIES_CHANNEL);
    }

    @Incoming(EVENTS_CHANNEL)
    public Uni<Void> projectEvents(ConsumerRecords<String, String> records) {
        return ProjectionBatch.inOrderPerKey(records, this::apply);
    }

    @Incoming(DROPS_CHANNEL)
    public Uni<Void> projectDrops(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, record -> {
            if (record.value() == null) {
                return redis.key().del(CommunityKeys.drop(record.key()));
            }
            CouponDrop drop = JsonSerde.read(record.value(), CouponDrop.class);
            return drops.write(CommunityKeys.drop(drop.dropId()), drop.version(), record.value());
        });
    }

    @Incoming(LOTTERIES_CHANNEL)
    public Uni<Void> projectLotteries(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, record -> {
            if (record.value() == null) {
                return redis.key().del(CommunityKeys.lottery(record.key()));
            }
            Lottery lottery = JsonSerde.read(record.value(), Lottery.class);
            return drops.write(CommunityKeys.lottery(lottery.lotteryId()), lottery.version(), record.value());
        });
    }

    private Uni<?> apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        GroupEvent e = JsonSerde.read(record.value(), GroupEvent.class);
        String g = e.groupId();
        if (g == null || e.type() == null) {
            return Uni.createFrom().voidItem();
        }
        String payload = "";
        if (e.group() != null) {
            payload = json(e.group());
        } else if (e.message() != null) {
            payload = json(e.message());
        }
        long time = e.type() == GroupEvent.Type.MUTED && e.until() != null
                ? e.until().toEpochMilli()
                : e.at().toEpochMilli();
        Uni<?> write = APPLY.run(
                redis,
                List.of(
                        CommunityKeys.applied(g),
                        CommunityKeys.info(g),
                        CommunityKeys.members(g),
                        CommunityKeys.window(g),
                        CommunityKeys.messages(g),
                        CommunityKeys.mutes(g),
                        CommunityKeys.banned(g),
                        CommunityKeys.held(g)),
                List.of(
                        String.valueOf(record.offset()),
                        e.type().name(),
                        payload,
                        e.userId() == null ? "" : e.userId(),
                        e.messageId() == null ? "" : e.messageId(),
                        e.reaction() == null ? "" : e.reaction(),
                        String.valueOf(time),
                        String.valueOf(config.windowSize()),
                        String.valueOf(config.windowTtl().toMillis())));
        // Outside the group's slot, idempotent by themselves: the same member added again changes nothing.
        double at = e.at().toEpochMilli();
        if (e.type() == GroupEvent.Type.CREATED) {
            write = write.chain(() -> redis.sortedSet(String.class).zadd(CommunityKeys.GROUP_IDS, at, g));
        }
        if (e.moderation()) {
            String entry = record.value();
            write = write.chain(() -> redis.sortedSet(String.class).zadd(CommunityKeys.MODERATION_LOG, at, entry));
            if (e.type() == GroupEvent.Type.REPORTED
                    || e.type() == GroupEvent.Type.HELD
                    || e.type() == GroupEvent.Type.FLAGGED) {
                write = write.chain(() -> redis.sortedSet(String.class).zadd(CommunityKeys.REPORTS, at, entry));
            }
        }
        return write;
    }

    private static String json(Object value) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
