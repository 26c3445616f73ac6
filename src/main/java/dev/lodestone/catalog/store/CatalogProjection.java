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
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects {@code catalog-items} into Redis: the item's JSON, and its id in the newest-items indexes
 * (global and per top-level category) while it can be bought (available, in stock), moved
 * atomically between the indexes when the category changes.
 */
@ApplicationScoped
public class CatalogProjection implements RedisProjection {

    public static final String CHANNEL = "catalog-projection";
    /** The {@code view} tag of this read model's freshness. */
    public static final String VIEW = "catalog";

    private static final LuaScript INDEX = LuaScript.load("catalog-index");
    /** Reads of the old category before the index gives up: only a concurrent writer of the same item moves it. */
    private static final int ATTEMPTS = 5;

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
        Uni<?> item = json.isEmpty()
                ? redis.execute(Command.DEL, CatalogKeys.catalogItem(itemId))
                : redis.execute(Command.SET, CatalogKeys.catalogItem(itemId), json);
        String category = top;
        boolean sellable = listed;
        return item.chain(() -> index(itemId, score, category, sellable, ATTEMPTS))
                .invoke(() -> freshness.visibleSince(record.timestamp()));
    }

    /**
     * Moves the item in the newest-items indexes. The item's JSON lives in a slot of its own, so the
     * category it was listed under is read from the indexes' own hash and checked by the script.
     */
    private Uni<Void> index(String itemId, String score, String top, boolean listed, int left) {
        return redis.execute(Command.HGET, CatalogKeys.catalogIndexCategories(), itemId)
                .chain(stored -> {
                    String old = stored == null ? "" : stored.toString();
                    List<String> keys = new ArrayList<>(4);
                    keys.add(CatalogKeys.catalogIndex());
                    keys.add(CatalogKeys.catalogIndexCategories());
                    if (!top.isEmpty()) {
                        keys.add(CatalogKeys.catalogIndex(top));
                    }
                    if (!old.isEmpty()) {
                        keys.add(CatalogKeys.catalogIndex(old));
                    }
                    return INDEX.run(redis, keys, List.of(itemId, score, listed ? "1" : "0", top, old));
                })
                .chain(result -> {
                    if (result.toInteger() == 1) {
                        return Uni.createFrom().voidItem();
                    }
                    if (left <= 1) {
                        return Uni.createFrom()
                                .failure(new IllegalStateException(
                                        "item " + itemId + " kept changing category under the index"));
                    }
                    return index(itemId, score, top, listed, left - 1);
                });
    }
}
