package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.similarity.NeighbourList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stored answer is handed out again only while everything it was computed from is unchanged. */
class ListAnswersTest {

    private final Map<String, NeighbourList> neighbours = new HashMap<>();
    private final AtomicLong trending = new AtomicLong();
    private final AtomicLong catalog = new AtomicLong();
    private final ListAnswers answers = new ListAnswers(neighbours::get, trending::get, catalog::get);
    private final AtomicInteger computed = new AtomicInteger();

    @Test
    void shouldRankSimilarItemsAgainOnlyWhenTheItemsNeighboursOrTheCatalogChange() {
        neighbours.put("a", list("a", 1));
        assertEquals("a/5#1", similar("a", 5));
        assertEquals("a/5#1", similar("a", 5), "unchanged: the stored answer");
        assertEquals("a/9#2", similar("a", 9), "another limit is another answer");
        assertEquals("b/5#3", similar("b", 5), "another item too, even without neighbours");

        neighbours.put("b", list("b", 1));
        assertEquals("a/5#1", similar("a", 5), "another item's new list changes nothing");
        neighbours.put("a", list("a", 2));
        assertEquals("a/5#4", similar("a", 5), "a new list of the item");
        neighbours.put("a", list("a", 2));
        assertEquals("a/5#5", similar("a", 5), "an equal list read again is still another object: computed again");

        catalog.incrementAndGet();
        assertEquals("a/5#6", similar("a", 5), "a catalog change (stock, category) may change any answer");
        trending.incrementAndGet();
        assertEquals("a/5#6", similar("a", 5), "trending does not enter /similar");
    }

    @Test
    void shouldRankTrendingAgainWhenTheTrendingListsOrTheCatalogChange() {
        assertEquals("null/20#1", trending(null, 20));
        assertEquals("null/20#1", trending(null, 20));
        assertEquals("toys/20#2", trending("toys", 20));
        trending.incrementAndGet();
        assertEquals("null/20#3", trending(null, 20));
        catalog.incrementAndGet();
        assertEquals("toys/20#4", trending("toys", 20));
        neighbours.put("a", list("a", 3));
        assertEquals("toys/20#4", trending("toys", 20), "neighbour lists do not enter /trending");
    }

    private String similar(String itemId, int limit) {
        return answers.similar(itemId, limit, () -> itemId + "/" + limit + "#" + computed.incrementAndGet());
    }

    private String trending(String category, int limit) {
        return answers.trending(category, limit, () -> category + "/" + limit + "#" + computed.incrementAndGet());
    }

    private static NeighbourList list(String itemId, long version) {
        return new NeighbourList(itemId, 3, List.of(new NeighbourList.Neighbour("x", 1, 0)), version);
    }
}
