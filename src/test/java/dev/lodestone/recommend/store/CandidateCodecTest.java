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

    /** Every kind of reason, escapes, text outside Latin-1, a zero count. */
    private static final List<RankedItem> ITEMS = List.of(
            new RankedItem("item-1", 0.123456789012345, Reason.similar("item-0", 7.4)),
            new RankedItem("商品-2", 1e-9, Reason.popularInCategory("电子产品")),
            new RankedItem("item-3", 0.5, Reason.matchesBrand("Tab\there\\and\nline")),
            new RankedItem("item-4", 0.25, Reason.of("trending")),
            new RankedItem("item-5", 0.0, new Reason("catalog", null, null, "", null)),
            new RankedItem("item-6", 0.1, new Reason("similar", "item-1", 0L, null, null)));

    @Test
    void shouldReadBackWhatItWrote() {
        CandidateCodec.Candidates read =
                CandidateCodec.decode(CandidateCodec.encode(1_700_000_000_123L, List.of("a", "b"), ITEMS));
        assertEquals(new CandidateCodec.Candidates(1_700_000_000_123L, List.of("a", "b"), ITEMS), read);
    }

    @Test
    void shouldHoldTheSameCandidatesPackedSharingOneInstanceOfEachCategoryAndBrand() {
        String value = CandidateCodec.encode(9, List.of("a"), ITEMS);

        CandidateCodec.Candidates packed = CandidateCodec.packed(CandidateCodec.decode(value));
        CandidateCodec.Candidates again = CandidateCodec.packed(CandidateCodec.decode(value));

        assertEquals(new CandidateCodec.Candidates(9, List.of("a"), ITEMS), packed);
        assertSame(
                packed.items().get(1).reason().category(),
                again.items().get(1).reason().category());
        assertSame(
                packed.items().get(2).reason().brand(),
                again.items().get(2).reason().brand());
        assertSame(packed, CandidateCodec.packed(packed), "packed once");
        assertNull(CandidateCodec.packed(null));
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
