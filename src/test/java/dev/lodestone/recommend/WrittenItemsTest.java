package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.RecommendationService.Items;
import dev.lodestone.recommend.RecommendationService.Recommendations;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A list handed out again is written with the server's own mapper exactly as a plain list is. */
@QuarkusTest
class WrittenItemsTest {

    @Inject
    ObjectMapper mapper;

    private static final List<RankedItem> ITEMS = List.of(
            new RankedItem("item-1", 0.93, Reason.similar("item-0", 4.0)),
            new RankedItem("商品-2", 1.0 / 3, new Reason("popular_in_category", null, null, "电子产品/手机", null)),
            new RankedItem("item-\"3\"", 1e-9, new Reason("matches_brand", null, null, null, "")),
            new RankedItem("item-4", 0, Reason.of("trending")));

    @Test
    void shouldWriteTheSameJsonAsAPlainListTheFirstTimeAndEveryTimeAfter() throws Exception {
        WrittenItems written = WrittenItems.of(ITEMS);
        String plain = mapper.writeValueAsString(new Recommendations("r-1", "exp", null, ITEMS));

        assertEquals(plain, mapper.writeValueAsString(new Recommendations("r-1", "exp", null, written)));
        assertTrue(written.written(), "the items' JSON is kept for the next response");
        assertEquals(plain, mapper.writeValueAsString(new Recommendations("r-1", "exp", null, written)));
        // As the server writes a response: UTF-8 bytes to a stream, the first time and from the copy.
        String items = mapper.writeValueAsString(new Items(ITEMS));
        Items answer = new Items(WrittenItems.of(ITEMS));
        assertEquals(items, new String(mapper.writeValueAsBytes(answer), StandardCharsets.UTF_8));
        assertEquals(items, new String(mapper.writeValueAsBytes(answer), StandardCharsets.UTF_8));
        assertEquals("[]", mapper.writeValueAsString(WrittenItems.of(List.of())));
    }

    @Test
    void shouldHandOutTheItemsItWasMadeOf() {
        WrittenItems written = WrittenItems.of(ITEMS);

        assertEquals(ITEMS, written);
        assertSame(written, WrittenItems.of(written));
    }
}
