package dev.lodestone.catalog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.kafka.JsonSerde;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process newest-items indexes follow the rules of {@code catalog-index.lua}. */
class CatalogCacheNewestTest {

    @Test
    void shouldListItemsWhileTheyCanBeBoughtNewestFirstPerTopLevelCategory() {
        CatalogCache cache = new CatalogCache("unused:9092");
        cache.put("a", item("a", "books/novels", 3, true), 10);
        cache.put("b", item("b", "toys", 3, true), 20);
        cache.put("c", item("c", "books", null, true), 20);
        assertEquals(List.of("c", "b", "a"), cache.newest(null, 10), "ties by id descending, as Redis orders them");
        assertEquals(List.of("c", "a"), cache.newest("books", 10));
        assertEquals(List.of("c"), cache.newest("books", 1));

        cache.put("c", item("c", "books", 0, true), 30);
        assertEquals(List.of("b", "a"), cache.newest(null, 10), "out of stock: not listed");
        assertEquals(List.of("a"), cache.newest("books", 10));

        cache.put("a", item("a", "toys", 1, true), 40);
        assertEquals(List.of("a", "b"), cache.newest("toys", 10), "moved, at its new time");
        assertEquals(List.of(), cache.newest("books", 10), "and gone from its old category");

        cache.put("b", item("b", "toys", 1, false), 50);
        cache.put("a", null, 60);
        assertEquals(List.of(), cache.newest(null, 10), "unavailable and deleted items are not listed");
        assertEquals(List.of(), cache.newest("garden", 10), "an unknown category lists nothing");
    }

    private static CatalogItem item(String id, String category, Integer stock, boolean available) {
        return JsonSerde.read(
                "{\"itemId\":\"" + id + "\",\"title\":\"t\",\"category\":\"" + category + "\",\"price\":1.0,"
                        + (stock == null ? "" : "\"stock\":" + stock + ",") + "\"available\":" + available + "}",
                CatalogItem.class);
    }
}
