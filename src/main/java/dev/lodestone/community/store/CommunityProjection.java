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
import java.util.ArrayList;
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
 * an offset at or below the group's last applied one, so redeliveries and rebuilds change nothing. A
 * forgotten member ({@code FORGOTTEN}, one per group, in the group's order) leaves the group's lists,
 * their messages become author-less placeholders without text, and their entries in the moderation
 * log and the reports stop naming them; a replay applies the same forget at the same place.
 */
@ApplicationScoped
public class CommunityProjection implements RedisProjection {

    public static final String EVENTS_CHANNEL = "community-projection";
    public static final String DROPS_CHANNEL = "community-drops-projection";
    public static final String LOTTERIES_CHANNEL = "community-lotteries-projection";

    private static final LuaScript APPLY = LuaScript.load("community-apply");
    private static final LuaScript FORGET_LOG = LuaScript.load("community-forget-log");

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
        // The group's fence decides: a record at or below it was applied, and its writes outside the
        // group's slot were made before it; doing them again could bring back a forgotten member.
        return redis.value(String.class).get(CommunityKeys.applied(g)).chain(applied -> {
            if (applied != null && Long.parseLong(applied) >= record.offset()) {
                return Uni.createFrom().voidItem();
            }
            return outsideTheGroup(record, e).chain(() -> applyToGroup(record, e));
        });
    }

    /**
     * The writes outside the group's slot, made before the group's script so that a crash in between
     * repeats them (each is idempotent) instead of losing them.
     */
    private Uni<?> outsideTheGroup(ConsumerRecord<String, String> record, GroupEvent e) {
        String g = e.groupId();
        double at = e.at().toEpochMilli();
        Uni<?> write = Uni.createFrom().voidItem();
        if (e.type() == GroupEvent.Type.CREATED) {
            write = write.chain(() -> redis.sortedSet(String.class).zadd(CommunityKeys.GROUP_IDS, at, g));
        }
        if (e.type() == GroupEvent.Type.FORGOTTEN && e.userId() != null) {
            for (String log : List.of(CommunityKeys.MODERATION_LOG, CommunityKeys.REPORTS)) {
                write = write.chain(() -> FORGET_LOG.run(redis, List.of(log), List.of(g, e.userId())));
            }
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

    private Uni<?> applyToGroup(ConsumerRecord<String, String> record, GroupEvent e) {
        String g = e.groupId();
        String payload = "";
        if (e.group() != null) {
            payload = json(e.group());
        } else if (e.message() != null) {
            payload = json(e.message());
        }
        long time = e.type() == GroupEvent.Type.MUTED && e.until() != null
                ? e.until().toEpochMilli()
                : e.at().toEpochMilli();
        List<String> keys = new ArrayList<>(List.of(
                CommunityKeys.applied(g),
                CommunityKeys.info(g),
                CommunityKeys.members(g),
                CommunityKeys.window(g),
                CommunityKeys.messages(g),
                CommunityKeys.mutes(g),
                CommunityKeys.banned(g),
                CommunityKeys.held(g)));
        if (e.type() == GroupEvent.Type.FORGOTTEN && e.userId() != null) {
            keys.add(CommunityKeys.lastPost(g, e.userId()));
            keys.add(CommunityKeys.postsToday(g, e.userId()));
        }
        return APPLY.run(
                redis,
                keys,
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
    }

    private static String json(Object value) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
