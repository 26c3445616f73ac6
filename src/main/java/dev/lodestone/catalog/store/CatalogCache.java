package dev.lodestone.catalog.store;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.CatalogTopics;
import dev.lodestone.platform.kafka.TopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * copy for the catalog API and the newest-items indexes. Not ready until it has read what the topic
 * held at start-up.
 */
@Singleton
public class CatalogCache {

    private final String bootstrapServers;
    private final Map<String, CatalogItem> items = new ConcurrentHashMap<>();
    private final Map<String, CatalogItem> view = Collections.unmodifiableMap(items);
    private TopicFollower follower;

    CatalogCache(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
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
        if (item == null) {
            items.remove(record.key());
        } else {
            items.put(record.key(), item);
        }
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
