package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A list served outside any experiment gets a random version 4 UUID of its own. */
class ListIdTest {

    @Test
    void shouldBeARandomVersion4UuidDifferentForEveryList() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RecommendationService.listId();
            UUID uuid = UUID.fromString(id);
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertEquals(uuid.toString(), id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
    }
}
