package dev.lodestone.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemSignalBatchTest {

    private static final int CAPACITY = 6;

    @Test
    void joinedSignalsBuildTheSameListsAsTheSignalsOneByOne() {
        Random random = new Random(23);
        Map<String, NeighbourList> oneByOne = new HashMap<>();
        Map<String, NeighbourList> joined = new HashMap<>();
        ItemSignalBatch batch = new ItemSignalBatch();
        int sent = 0;
        int received = 0;
        for (int commit = 0; commit < 200; commit++) {
            for (int event = 0; event < 1 + random.nextInt(30); event++) {
                ItemSignal signal = randomSignal(random);
                apply(oneByOne, signal);
                received++;
                ItemSignalBatch.Ready leaving = batch.add(signal, event);
                if (leaving != null) {
                    apply(joined, leaving.signal());
                    sent++;
                }
            }
            for (ItemSignalBatch.Ready ready : batch.drain()) {
                apply(joined, ready.signal());
                sent++;
            }
            assertEquals(oneByOne, joined, "after commit " + commit);
        }
        assertTrue(3 * sent < 2 * received, sent + " records for " + received + " signals over four items");
    }

    @Test
    void pairsJoinTheHeldEngagementWhichKeepsItsTimeAndCategory() {
        ItemSignalBatch batch = new ItemSignalBatch();

        assertNull(batch.add(pairs("a", "x"), 5));
        assertNull(batch.add(new ItemSignal("a", 2, List.of(pair("y")), 1_000, "shoes"), 7));
        assertNull(batch.add(pairs("a", "z"), 6));

        List<ItemSignalBatch.Ready> ready = batch.drain();
        assertEquals(1, ready.size());
        ItemSignal joined = ready.getFirst().signal();
        assertEquals(
                List.of("x", "y", "z"),
                joined.pairs().stream().map(ItemSignal.Pair::other).toList());
        assertEquals(2, joined.engaged());
        assertEquals(1_000, joined.at());
        assertEquals("shoes", joined.topCategory());
        assertEquals(4, joined.size(), "one engagement and three pairs: the version moves as for four signals");
        assertEquals(7, ready.getFirst().timestamp(), "the newest record's time");
        assertTrue(batch.isEmpty());
    }

    @Test
    void aSecondEngagementOfAnItemSendsTheFirstAheadOfIt() {
        ItemSignalBatch batch = new ItemSignalBatch();
        ItemSignal first = new ItemSignal("a", 1, List.of(), 1_000, null);
        ItemSignal second = new ItemSignal("a", 1, List.of(), 2_000, null);

        assertNull(batch.add(first, 1));
        ItemSignalBatch.Ready leaving = batch.add(second, 2);

        assertEquals(new ItemSignalBatch.Ready(first, 1), leaving);
        assertEquals(List.of(new ItemSignalBatch.Ready(second, 2)), batch.drain());
    }

    private static void apply(Map<String, NeighbourList> lists, ItemSignal signal) {
        lists.merge(
                signal.itemId(),
                NeighbourList.empty(signal.itemId()).apply(signal, CAPACITY),
                (before, ignored) -> before.apply(signal, CAPACITY));
    }

    private static ItemSignal pairs(String item, String other) {
        return new ItemSignal(item, 0, List.of(pair(other)), 0, null);
    }

    private static ItemSignal.Pair pair(String other) {
        return new ItemSignal.Pair(other, 1, false);
    }

    /** Four items, a dozen others, some weights equal: joins, evictions and ties all happen. */
    private static ItemSignal randomSignal(Random random) {
        List<ItemSignal.Pair> pairs = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            pairs.add(new ItemSignal.Pair(
                    "i" + random.nextInt(12),
                    random.nextInt(4) == 0 ? 1.0 : random.nextDouble(),
                    random.nextBoolean()));
        }
        // As from events: one engagement for about three pairs-only records.
        return new ItemSignal("item" + random.nextInt(4), random.nextInt(4) == 0 ? 1.0 : 0, pairs, 0, null);
    }
}
