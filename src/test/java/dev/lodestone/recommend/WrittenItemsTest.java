package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.RecommendationService.Items;
import dev.lodestone.recommend.RecommendationService.Recommendations;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
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
    void shouldGiveTheWrittenBytesInEveryFormAGeneratorAsksFor() throws Exception {
        String json = "[{\"itemId\":\"商品-2\"}]";
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        WrittenItems.Utf8Json raw = new WrittenItems.Utf8Json(utf8);

        assertEquals(json, raw.getValue());
        assertEquals(json.length(), raw.charLength());
        assertSame(utf8, raw.asUnquotedUTF8());
        assertEquals(new String(JsonStringEncoder.getInstance().quoteAsString(json)), new String(raw.asQuotedChars()));
        assertEquals(-1, raw.appendUnquotedUTF8(new byte[utf8.length - 1], 0), "does not fit: the caller writes it");
        byte[] buffer = new byte[utf8.length + 2];
        assertEquals(utf8.length, raw.appendUnquotedUTF8(buffer, 2));
        assertEquals(json, new String(buffer, 2, utf8.length, StandardCharsets.UTF_8));
        char[] chars = new char[json.length() + 1];
        assertEquals(json.length(), raw.appendUnquoted(chars, 1));
        assertEquals(json, new String(chars, 1, json.length()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(utf8.length, raw.writeUnquotedUTF8(out));
        assertEquals(json, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldHandOutTheItemsItWasMadeOf() {
        WrittenItems written = WrittenItems.of(ITEMS);

        assertEquals(ITEMS, written);
        assertSame(written, WrittenItems.of(written));
    }
}
