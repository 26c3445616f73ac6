package dev.lodestone.catalog.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogKeys;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.metrics.LodestoneMetrics;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.platform.redis.ProjectionBatch;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code catalog-items} into Redis: the item's JSON, and its id in the newest-items indexes
 * (global and per top-level category) while it can be bought (available, in stock), moved
 * atomically when the category changes.
 */
@ApplicationScoped
public class CatalogProjection implements RedisProjection {

    public static final String CHANNEL = "catalog-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "catalog";

    private static final LuaScript UPSERT_OR_DELETE = LuaScript.load("catalog-upsert-or-delete");

    private final ReactiveRedisDataSource redis;
    private final LodestoneMetrics.Freshness freshness;

    CatalogProjection(ReactiveRedisDataSource redis, LodestoneMetrics metrics) {
        this.redis = redis;
        this.freshness = metrics.freshness(VIEW);
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, String> records) {
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<?> write(ConsumerRecord<String, String> record) {
        String itemId = record.key();
        String json = record.value() == null ? "" : record.value();
        String score = String.valueOf(record.timestamp());
        String top = "";
        boolean listed = false;
        if (!json.isEmpty()) {
            CatalogItem item = JsonSerde.read(json, CatalogItem.class);
            top = item.topCategory() == null ? "" : item.topCategory();
            // The newest-items index is the last backfill: an item nobody can buy would only crowd it.
            listed = !Boolean.FALSE.equals(item.available()) && (item.stock() == null || item.stock() > 0);
        }
        return UPSERT_OR_DELETE
                .run(
                        redis,
                        List.of(CatalogKeys.catalogItem(itemId), CatalogKeys.catalogIndex()),
                        List.of(itemId, json, score, top, listed ? "1" : "0"))
                .invoke(() -> freshness.visibleSince(record.timestamp()));
    }
}
