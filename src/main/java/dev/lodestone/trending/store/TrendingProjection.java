package dev.lodestone.trending.store;

import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.trending.TrendingConfig;
import dev.lodestone.trending.TrendingKeys;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.TrendingTopics;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code item-trending} into bounded Redis sorted sets (global and per top-level category).
 * Scores only grow ({@code ZADD GT}), so a redelivered older score never lowers an item.
 */
@ApplicationScoped
public class TrendingProjection implements RedisProjection {

    public static final String CHANNEL = "trending-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "trending";

    private static final LuaScript ADD = LuaScript.load("trending-add");

    /** Items raised per script: a few hundred ZADDs keep Redis's other clients waiting well under a millisecond. */
    static final int ITEMS_PER_SCRIPT = 200;

    private final ReactiveRedisDataSource redis;
    private final int keep;
    private final LodestoneMetrics.Freshness freshness;

    TrendingProjection(ReactiveRedisDataSource redis, TrendingConfig config, LodestoneMetrics metrics) {
        this.redis = redis;
        this.keep = config.keep();
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, byte[]> records) {
        return ProjectionBatch.lastPerKeyGrouped(records, ITEMS_PER_SCRIPT, this::write);
    }

    /**
     * Raises every item of the group in its lists with one script: the lists are a few shared sorted sets,
     * and a script per item cost a round trip each, which left this projection the last to catch up.
     */
    private Uni<?> write(List<ConsumerRecord<String, byte[]>> group) {
        Map<String, List<String>> byList = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> raised = new ArrayList<>(group.size());
        for (ConsumerRecord<String, byte[]> record : group) {
            TrendingScore score = read(record);
            if (score == null) {
                continue;
            }
            String value = String.valueOf(score.logScore());
            raise(byList, TrendingKeys.trending(), value, record.key());
            if (score.topCategory() != null) {
                raise(byList, TrendingKeys.trending(score.topCategory()), value, record.key());
            }
            raised.add(record);
        }
        if (byList.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(keep));
        byList.values().forEach(members -> {
            args.add(String.valueOf(members.size() / 2));
            args.addAll(members);
        });
        return ADD.run(redis, List.copyOf(byList.keySet()), args)
                .invoke(() -> raised.forEach(record -> freshness.visibleSince(record.timestamp())));
    }

    private static void raise(Map<String, List<String>> byList, String list, String score, String itemId) {
        List<String> members = byList.computeIfAbsent(list, l -> new ArrayList<>());
        members.add(score);
        members.add(itemId);
    }

    /** The record's score; null for a tombstone (trending lists never drop an item) or a value that cannot be read. */
    private static TrendingScore read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return TrendingTopics.ITEM_TRENDING.readValue(record.value());
        } catch (RuntimeException unreadable) {
            ProjectionBatch.skipped(record, unreadable);
            return null;
        }
    }
}
