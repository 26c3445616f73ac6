package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process trending list keeps what {@code trending-add.lua} keeps in Redis, in Redis's order. */
class TrendingListTest {

    @Test
    void shouldOnlyRaiseAScoreAndKeepTheBestInRedisOrder() {
        ItemListCache.TrendingList list = new ItemListCache.TrendingList(3);
        list.add("a", 2.0);
        list.add("b", 5.0);
        list.add("c", 2.0);
        assertEquals(
                List.of(new TrendingEntry("b", 5.0), new TrendingEntry("c", 2.0), new TrendingEntry("a", 2.0)),
                list.top(10),
                "ties by id descending, as ZREVRANGE orders them");

        list.add("b", 1.0);
        assertEquals(5.0, list.top(1).getFirst().logScore(), "ZADD GT: a lower score changes nothing");

        list.add("d", 3.0);
        assertEquals(
                List.of(new TrendingEntry("b", 5.0), new TrendingEntry("d", 3.0), new TrendingEntry("c", 2.0)),
                list.top(10),
                "the weakest (lowest score, then lowest id) leaves a full list");

        list.add("a", 4.0);
        assertEquals(
                List.of("b", "a", "d"),
                list.top(10).stream().map(TrendingEntry::itemId).toList(),
                "an item that fell out comes back with its next score");
        assertEquals(
                List.of("b", "a"),
                list.top(2).stream().map(TrendingEntry::itemId).toList());
    }
}
