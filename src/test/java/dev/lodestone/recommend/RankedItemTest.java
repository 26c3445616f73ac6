package dev.lodestone.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.RecommendationService.Recommendations;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An item is written field by field exactly as the bean serializer writes the record. */
class RankedItemTest {

    /** Takes the hand-written serializer away: what Jackson writes for the plain record. */
    @JsonSerialize(using = JsonSerializer.None.class)
    private interface AsBean {}

    private static final List<RankedItem> ITEMS = Arrays.asList(
            new RankedItem("item-1", 0.93, Reason.similar("item-0", 4.0)),
            new RankedItem("商品-2", 1.0 / 3, new Reason("popular_in_category", null, null, "电子产品/手机", null)),
            new RankedItem("item-\"3\"\n", 1e-9, new Reason("matches_brand", null, null, null, "")),
            new RankedItem("item-4", 0, Reason.of("trending")),
            new RankedItem("item-5", 123456.789e10, new Reason("x", "a", -7L, "c", "b")),
            new RankedItem("item-6", -0.0, null),
            new RankedItem(null, Double.NaN, Reason.fallback()));

    @Test
    void shouldWriteTheSameJsonAsTheBeanSerializer() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectMapper bean = new ObjectMapper().addMixIn(RankedItem.class, AsBean.class);
        Recommendations answer = new Recommendations("r-1", "exp", null, ITEMS);

        String written = mapper.writeValueAsString(answer);

        assertEquals(bean.writeValueAsString(answer), written);
        assertEquals(
                bean.writeValueAsString(answer), new String(mapper.writeValueAsBytes(answer), StandardCharsets.UTF_8));
        assertEquals(
                "{\"itemId\":\"item-1\",\"score\":0.93,\"reason\":{\"type\":\"similar\",\"because\":\"item-0\",\"together\":4}}",
                mapper.writeValueAsString(ITEMS.get(0)));
    }
}
