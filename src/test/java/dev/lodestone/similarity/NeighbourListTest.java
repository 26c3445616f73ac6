package dev.lodestone.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighbourListTest {

    private static final int CAPACITY = 8;

    @Test
    void aListKeptInOrderPerPairEqualsTheListSortedOncePerRecord() {
        Random random = new Random(17);
        NeighbourList kept = NeighbourList.empty("a");
        NeighbourList sorted = NeighbourList.empty("a");
        for (int record = 0; record < 5_000; record++) {
            ItemSignal signal = randomSignal(random);
            kept = kept.apply(signal, CAPACITY);
            sorted = sortedOncePerRecord(sorted, signal, CAPACITY);
            assertEquals(sorted, kept, "after record " + record);
        }
    }

    @Test
    void aFullListDropsItsWeakestCandidateForANewcomer() {
        NeighbourList list = NeighbourList.empty("a")
                .apply(signal(new ItemSignal.Pair("b", 3, false), new ItemSignal.Pair("c", 1, false)), 2);

        NeighbourList after = list.apply(signal(new ItemSignal.Pair("d", 2, true)), 2);

        assertEquals(
                List.of("d", "b"),
                after.neighbours().stream().map(NeighbourList.Neighbour::itemId).toList());
        assertEquals(new NeighbourList.Neighbour("d", 2, 2), after.neighbours().get(0));
    }

    @Test
    void aCandidateSeenAgainMovesUpPastWeakerOnes() {
        NeighbourList list = NeighbourList.empty("a")
                .apply(signal(new ItemSignal.Pair("b", 3, false), new ItemSignal.Pair("c", 1, false)), 10);

        NeighbourList after = list.apply(signal(new ItemSignal.Pair("c", 5, false)), 10);

        assertEquals(
                List.of("c", "b"),
                after.neighbours().stream().map(NeighbourList.Neighbour::itemId).toList());
        assertEquals(list.version() + 1, after.version(), "one pair, no engagement: one signal");
    }

    private static ItemSignal signal(ItemSignal.Pair... pairs) {
        return new ItemSignal("a", 0, List.of(pairs), 0, null);
    }

    /** Up to four pairs over a dozen items, some weights equal, so ties and evictions both happen. */
    private static ItemSignal randomSignal(Random random) {
        List<ItemSignal.Pair> pairs = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            pairs.add(new ItemSignal.Pair(
                    "i" + random.nextInt(12),
                    random.nextInt(4) == 0 ? 1.0 : random.nextDouble(),
                    random.nextBoolean()));
        }
        return new ItemSignal("a", random.nextBoolean() ? 1.0 : 0, pairs, 0, null);
    }

    /** Every pair applied to an unordered copy, the weakest dropped when full, one sort at the end. */
    private static NeighbourList sortedOncePerRecord(NeighbourList list, ItemSignal signal, int capacity) {
        double count = list.count() + signal.engaged();
        if (signal.pairs().isEmpty()) {
            return new NeighbourList(list.itemId(), count, list.neighbours(), list.version() + signal.size());
        }
        List<NeighbourList.Neighbour> updated = new ArrayList<>(list.neighbours());
        for (ItemSignal.Pair pair : signal.pairs()) {
            double next = pair.next() ? pair.weight() : 0;
            int found = -1;
            for (int i = 0; i < updated.size(); i++) {
                if (updated.get(i).itemId().equals(pair.other())) {
                    found = i;
                }
            }
            if (found >= 0) {
                NeighbourList.Neighbour n = updated.get(found);
                updated.set(
                        found, new NeighbourList.Neighbour(n.itemId(), n.together() + pair.weight(), n.next() + next));
                continue;
            }
            if (updated.size() >= capacity) {
                updated.remove(
                        updated.stream().max(NeighbourList.STRONGEST_FIRST).orElseThrow());
            }
            updated.add(new NeighbourList.Neighbour(pair.other(), pair.weight(), next));
        }
        updated.sort(NeighbourList.STRONGEST_FIRST);
        return new NeighbourList(list.itemId(), count, List.copyOf(updated), list.version() + signal.size());
    }
}
