package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RankedItem.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kept candidates come back exactly as written: ids, exact scores, every kind of reason; a value held in
 * memory shares its strings with the catalog.
 */
class CandidateCodecTest {

    @Test
    void shouldReadBackWhatItWrote() {
        List<RankedItem> items = List.of(
                new RankedItem("item-1", 0.123456789012345, Reason.similar("item-0", 7.4)),
                new RankedItem("商品-2", 1e-9, Reason.popularInCategory("电子产品")),
                new RankedItem("item-3", 0.5, Reason.matchesBrand("Tab\there\\and\nline")),
                new RankedItem("item-4", 0.25, Reason.of("trending")),
                new RankedItem("item-5", 0.0, new Reason("catalog", null, null, "", null)));
        CandidateCodec.Candidates read =
                CandidateCodec.decode(CandidateCodec.encode(1_700_000_000_123L, List.of("a", "b"), items));
        assertEquals(new CandidateCodec.Candidates(1_700_000_000_123L, List.of("a", "b"), items), read);
    }

    @Test
    void shouldShareTheCatalogsItemIdsAndTheReasonTypeConstants() {
        String catalogId = new String("item-1");
        String catalogSource = new String("item-0");
        Map<String, String> catalog = Map.of(catalogId, catalogId, catalogSource, catalogSource);
        String value = CandidateCodec.encode(
                5, List.of(), List.of(new RankedItem("item-1", 0.5, Reason.similar("item-0", 2))));

        RankedItem read = CandidateCodec.decode(value, id -> catalog.getOrDefault(id, id))
                .items()
                .getFirst();

        assertSame(catalogId, read.itemId());
        assertSame(catalogSource, read.reason().because());
        assertSame("similar", read.reason().type());
    }

    @Test
    void shouldReadAnEmptyListWithoutMissingSources() {
        assertEquals(
                new CandidateCodec.Candidates(5, List.of(), List.of()),
                CandidateCodec.decode(CandidateCodec.encode(5, List.of(), List.of())));
    }

    @Test
    void shouldRefuseAValueOfAnotherLayout() {
        assertNull(CandidateCodec.decode("{\"items\":[]}"));
        assertNull(CandidateCodec.decode(null));
        assertNull(CandidateCodec.decode("c2\t5\t\nitem-1\t0.5"));
        assertNull(CandidateCodec.decode("c1\t5\t"), "an older layout: ranked on the request until rewritten");
    }
}
