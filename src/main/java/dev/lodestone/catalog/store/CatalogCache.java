package dev.lodestone.catalog.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.platform.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The whole catalog in this instance's memory, followed from {@code catalog-items} (compacted), for
 * the recommendation request path.
 *
 * <p>Every request ranks hundreds of candidates and needs each one's catalog entry; reading them from
 * Redis moved about 200 KB of JSON per request through one Lua script and parsed it again in Java,
 * which capped recommendations at about 500 requests/s (docs/benchmarks.md). Catalog entries change
 * rarely and are small (about 1 KB of heap each), so each instance keeps them parsed. Redis keeps its
 * copy for the catalog API. The newest-items indexes (the last backfill) are kept here too, by the
 * projection's rules, so serving reads none of them from Redis. Not ready until it has read what the
 * topic held at start-up.
 */
@Singleton
public class CatalogCache {

    private final String bootstrapServers;
    private final Map<String, CatalogItem> items = new ConcurrentHashMap<>();
    private final Map<String, CatalogItem> view = Collections.unmodifiableMap(items);
    /** When each listed item was last written; what its entries in {@link #newest} are ordered by. */
    private final Map<String, Listed> listed = new ConcurrentHashMap<>();
    /** Newest-items indexes: all listed items under {@link #ALL}, and per top-level category. */
    private final Map<String, NavigableSet<Listed>> newest = new ConcurrentHashMap<>();

    /** The key of the index of every listed item; top-level categories are never empty strings. */
    private static final String ALL = "";

    private record Listed(String itemId, long at) {
        static final Comparator<Listed> NEWEST_FIRST = Comparator.comparingLong(Listed::at)
                .thenComparing(Listed::itemId)
                .reversed();
    }

    /** Counts applied records, each counted once it is fully applied: an answer computed from an older count is stale. */
    private final AtomicLong version = new AtomicLong();

    private TopicFollower follower;

    CatalogCache(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        newest.put(ALL, new ConcurrentSkipListSet<>(Listed.NEWEST_FIRST));
    }

    void onStart(@Observes StartupEvent event) {
        follower = TopicFollower.start(
                bootstrapServers, CatalogTopics.CATALOG_ITEMS.name(), TopicFollower.Start.BEGINNING, this::apply);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        CatalogItem item =
                CatalogTopics.CATALOG_ITEMS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        put(record.key(), item, record.timestamp());
    }

    /**
     * Applies one {@code catalog-items} record: {@code item} null deletes. The newest-items indexes
     * follow the projection's rules ({@code catalog-index.lua}): an item is listed, at its
     * record's time, while it can be bought.
     */
    void put(String itemId, CatalogItem item, long timestamp) {
        try {
            apply(itemId, item, timestamp);
        } finally {
            version.incrementAndGet();
        }
    }

    private void apply(String itemId, CatalogItem item, long timestamp) {
        CatalogItem old = item == null ? items.remove(itemId) : items.put(itemId, item);
        Listed was = listed.remove(itemId);
        if (was != null) {
            newest.get(ALL).remove(was);
        }
        if (old != null && old.topCategory() != null) {
            // By the old entry's category, as the script does: an item that moved leaves its old index.
            NavigableSet<Listed> index = newest.get(old.topCategory());
            if (index != null && was != null) {
                index.remove(was);
            }
        }
        if (item == null || Boolean.FALSE.equals(item.available()) || (item.stock() != null && item.stock() <= 0)) {
            return;
        }
        Listed now = new Listed(itemId, timestamp);
        listed.put(itemId, now);
        newest.get(ALL).add(now);
        if (item.topCategory() != null) {
            newest.computeIfAbsent(item.topCategory(), c -> new ConcurrentSkipListSet<>(Listed.NEWEST_FIRST))
                    .add(now);
        }
    }

    /**
     * The ids of the {@code n} newest listed items, newest first (ties by id, descending, as Redis
     * orders its index), in one top-level category, or in all when {@code topCategory} is null.
     */
    public List<String> newest(String topCategory, int n) {
        NavigableSet<Listed> index = newest.get(topCategory == null ? ALL : topCategory);
        if (index == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(n);
        for (Listed entry : index) {
            if (ids.size() == n) {
                break;
            }
            ids.add(entry.itemId());
        }
        return ids;
    }

    /**
     * How many changes this cache has applied. Read it before computing from the cache: when it is still
     * the same afterwards, no change was applied since (a change counts once it is complete).
     */
    public long version() {
        return version.get();
    }

    /** A live, read-only view of every known item by id. */
    public Map<String, CatalogItem> items() {
        return view;
    }

    /** True once everything the topic held at start-up is in memory. */
    public boolean loaded() {
        return follower != null && follower.caughtUp();
    }

    /** Not ready until the catalog is loaded: recommendations would filter out every unknown item. */
    @Readiness
    @Singleton
    static final class Loaded implements HealthCheck {
        private final CatalogCache cache;

        Loaded(CatalogCache cache) {
            this.cache = cache;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("Catalog loaded")
                    .status(cache.loaded())
                    .withData("items", cache.items.size())
                    .build();
        }
    }
}
