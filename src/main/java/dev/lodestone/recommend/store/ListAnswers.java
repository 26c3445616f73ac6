package dev.lodestone.recommend.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.similarity.NeighbourList;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last answers of {@code /similar} and {@code /trending}, each kept with the state it was computed
 * from and handed out again while that state has not changed.
 *
 * <p>These answers are the same for every caller and change only when their inputs do: an item's
 * neighbour list (replaced as a whole object on every change, so compared by identity), the trending
 * lists ({@link ItemListCache#trendingVersion()}) and the catalog ({@link CatalogCache#version()}: stock,
 * availability, categories, the newest items). Ranking them again for every request was most of the cost
 * of these endpoints. The stamps are read before the answer is computed, so a change applied meanwhile
 * makes the stored answer stale at once rather than hiding the change.
 *
 * <p>Bounded to {@link #MAX_ANSWERS} answers (about 2 KB each at 20 items), least recently used first out.
 */
@Singleton
public class ListAnswers {

    static final int MAX_ANSWERS = 10_000;

    private enum Kind {
        SIMILAR,
        TRENDING
    }

    private record Key(Kind kind, String id, int limit) {}

    /** An answer and what it was computed from. */
    private record Answer(NeighbourList neighbours, long trendingVersion, long catalogVersion, Object value) {}

    private final Function<String, NeighbourList> neighbours;
    private final LongSupplier trendingVersion;
    private final LongSupplier catalogVersion;
    private final Cache<Key, Answer> answers =
            Caffeine.newBuilder().maximumSize(MAX_ANSWERS).build();

    @Inject
    ListAnswers(ItemListCache lists, CatalogCache catalog) {
        this(lists::neighbours, lists::trendingVersion, catalog::version);
    }

    ListAnswers(Function<String, NeighbourList> neighbours, LongSupplier trendingVersion, LongSupplier catalogVersion) {
        this.neighbours = neighbours;
        this.trendingVersion = trendingVersion;
        this.catalogVersion = catalogVersion;
    }

    /** The answer of {@code /similar} for one item and limit; {@code compute} runs when the inputs changed. */
    public <T> T similar(String itemId, int limit, Supplier<T> compute) {
        return answer(new Key(Kind.SIMILAR, itemId, limit), neighbours.apply(itemId), -1, compute);
    }

    /** The answer of {@code /trending} for one category (null for all) and limit. */
    public <T> T trending(String category, int limit, Supplier<T> compute) {
        return answer(new Key(Kind.TRENDING, category, limit), null, trendingVersion.getAsLong(), compute);
    }

    @SuppressWarnings("unchecked")
    private <T> T answer(Key key, NeighbourList list, long trending, Supplier<T> compute) {
        long catalog = catalogVersion.getAsLong();
        Answer known = answers.getIfPresent(key);
        if (known != null
                && known.neighbours() == list
                && known.trendingVersion() == trending
                && known.catalogVersion() == catalog) {
            return (T) known.value();
        }
        T value = compute.get();
        answers.put(key, new Answer(list, trending, catalog, value));
        return value;
    }
}
