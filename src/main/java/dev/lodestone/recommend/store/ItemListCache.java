package dev.lodestone.recommend.store;

import dev.lodestone.platform.kafka.TopicFollower;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.SimilarityTopics;
import dev.lodestone.trending.TrendingConfig;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.TrendingTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Every item's published neighbours and the trending lists, in this instance's memory, followed from
 * the compacted {@code item-neighbours} and {@code item-trending} topics, for the request path.
 *
 * <p>These lists are the same for every shopper, so reading them from Redis on every request (through
 * one script that also parsed the profile) made Redis the ceiling of recommendations, and
 * {@code /similar} and {@code /trending} paid a Redis round trip for data every instance can hold.
 * The rules are the projections' own, so the lists equal what Redis holds once both have read the
 * same records: a neighbour list never goes back to a lower version; a trending score only grows
 * ({@code ZADD GT}) and each list keeps its best {@code lodestone.trending.keep} items, ties in
 * Redis's order (by id, descending). Not ready until both topics are read up to where they were at
 * start-up.
 */
@Singleton
public class ItemListCache {

    /** The key of the global trending list in {@link #trending}; categories are never empty strings. */
    private static final String GLOBAL = "";
    /** Bounds the per-category lists against a misuse of categories (top-level categories are few). */
    static final int MAX_CATEGORIES = 1024;

    private final String bootstrapServers;
    private final int keep;
    private final Map<String, NeighbourList> neighbours = new ConcurrentHashMap<>();
    private final Map<String, TrendingList> trending = new ConcurrentHashMap<>();
    /** Counts applied trending records, each once it is fully applied (see {@link #trendingVersion}). */
    private final AtomicLong trendingVersion = new AtomicLong();

    private TopicFollower neighbourFollower;
    private TopicFollower trendingFollower;

    ItemListCache(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TrendingConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.keep = config.keep();
    }

    void onStart(@Observes StartupEvent event) {
        neighbourFollower = TopicFollower.start(
                bootstrapServers,
                SimilarityTopics.ITEM_NEIGHBOURS.name(),
                TopicFollower.Start.BEGINNING,
                this::applyNeighbours);
        trendingFollower = TopicFollower.start(
                bootstrapServers,
                TrendingTopics.ITEM_TRENDING.name(),
                TopicFollower.Start.BEGINNING,
                this::applyTrending);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (neighbourFollower != null) {
            neighbourFollower.close();
        }
        if (trendingFollower != null) {
            trendingFollower.close();
        }
    }

    private void applyNeighbours(ConsumerRecord<String, byte[]> record) {
        NeighbourList list = record.key() == null
                ? null
                : SimilarityTopics.ITEM_NEIGHBOURS
                        .valueSerde()
                        .deserializer()
                        .deserialize(record.topic(), record.value());
        putNeighbours(record.key(), list);
    }

    private void applyTrending(ConsumerRecord<String, byte[]> record) {
        TrendingScore score = record.key() == null
                ? null
                : TrendingTopics.ITEM_TRENDING.valueSerde().deserializer().deserialize(record.topic(), record.value());
        putTrending(record.key(), score);
    }

    /** Applies one {@code item-neighbours} record; a tombstone or an older version changes nothing. */
    void putNeighbours(String itemId, NeighbourList list) {
        if (itemId == null || list == null) {
            return;
        }
        neighbours.merge(itemId, list, (old, fresh) -> fresh.version() > old.version() ? fresh : old);
    }

    /** Applies one {@code item-trending} record to the global list and to its top-level category's. */
    void putTrending(String itemId, TrendingScore score) {
        if (itemId == null || score == null) {
            return;
        }
        try {
            list(GLOBAL).add(itemId, score.logScore());
            if (score.topCategory() != null
                    && (trending.size() < MAX_CATEGORIES || trending.containsKey(score.topCategory()))) {
                list(score.topCategory()).add(itemId, score.logScore());
            }
        } finally {
            trendingVersion.incrementAndGet();
        }
    }

    /**
     * How many trending records this cache has applied. Read it before computing from the lists: when it
     * is still the same afterwards, no trending list changed since. Neighbour lists need no counter: each
     * change replaces the item's list object.
     */
    public long trendingVersion() {
        return trendingVersion.get();
    }

    private TrendingList list(String key) {
        return trending.computeIfAbsent(key, k -> new TrendingList(keep));
    }

    /** An item's published neighbours, or null when it has none yet. */
    public NeighbourList neighbours(String itemId) {
        return neighbours.get(itemId);
    }

    /** The {@code n} most popular items, most popular first. */
    public List<TrendingEntry> trending(int n) {
        return trending(GLOBAL, n);
    }

    /** The {@code n} most popular items of a top-level category, most popular first. */
    public List<TrendingEntry> trending(String topCategory, int n) {
        TrendingList list = trending.get(topCategory);
        return list == null ? List.of() : list.top(n);
    }

    /** True once both topics are read up to where they were at start-up. */
    public boolean loaded() {
        return neighbourFollower != null
                && neighbourFollower.caughtUp()
                && trendingFollower != null
                && trendingFollower.caughtUp();
    }

    /**
     * One bounded trending list with the rules of {@code trending-add.lua}: a score only grows, and
     * the list keeps its best {@code keep} items (an item that fell out comes back with its next
     * score, as it does in Redis). The top items are kept as an immutable list until the next change,
     * so a read takes no lock while nothing changes.
     */
    static final class TrendingList {
        /** Redis's {@code ZREVRANGE} order: score descending, then member descending. */
        static final Comparator<TrendingEntry> BEST_FIRST = Comparator.comparingDouble(TrendingEntry::logScore)
                .thenComparing(TrendingEntry::itemId)
                .reversed();

        private final int keep;
        private final Map<String, Double> scores = new HashMap<>();
        private final TreeSet<TrendingEntry> order = new TreeSet<>(BEST_FIRST);
        private volatile List<TrendingEntry> top = List.of();
        private volatile int topSize = -1;
        private volatile boolean changed;

        TrendingList(int keep) {
            this.keep = keep;
        }

        synchronized void add(String itemId, double logScore) {
            Double old = scores.get(itemId);
            if (old != null && old >= logScore) {
                return;
            }
            if (old != null) {
                order.remove(new TrendingEntry(itemId, old));
            }
            scores.put(itemId, logScore);
            order.add(new TrendingEntry(itemId, logScore));
            while (order.size() > keep) {
                scores.remove(order.pollLast().itemId());
            }
            changed = true;
        }

        /** The best {@code n}; rebuilt after a change, otherwise the list built last time for the same {@code n}. */
        List<TrendingEntry> top(int n) {
            List<TrendingEntry> current = top;
            if (!changed && topSize == n) {
                return current;
            }
            synchronized (this) {
                List<TrendingEntry> best = new ArrayList<>(Math.min(n, order.size()));
                for (TrendingEntry entry : order) {
                    if (best.size() == n) {
                        break;
                    }
                    best.add(entry);
                }
                top = List.copyOf(best);
                topSize = n;
                changed = false;
                return top;
            }
        }
    }

    /** Not ready until the lists are loaded: recommendations would lack every neighbour and trending item. */
    @Readiness
    @Singleton
    static final class Loaded implements HealthCheck {
        private final ItemListCache cache;

        Loaded(ItemListCache cache) {
            this.cache = cache;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("Item lists loaded")
                    .status(cache.loaded())
                    .withData("neighbourLists", cache.neighbours.size())
                    .build();
        }
    }
}
