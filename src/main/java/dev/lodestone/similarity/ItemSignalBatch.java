package dev.lodestone.similarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Item signals held until the commit, one record per item where the item's signals can be joined: under
 * exactly-once nothing sent is visible before the commit anyway, and a popular item gets a pair from
 * many events of one commit (with items drawn by popularity, a tenth of the events may touch the most
 * popular one), each of which was one record through the {@code similarity-signals} repartition and one
 * read and rewrite of its candidate list.
 *
 * <p>Joining never changes what the aggregates compute: a signal's pairs are appended after those held for
 * its item, so applying the joined record applies the same pairs in the same order as applying the
 * records one by one ({@link NeighbourList#apply}); a record with pairs only joins whatever is held, and
 * an engagement takes the pairs held before it. Two engagements of one item are not joined (trending
 * weighs each at its own time): the held one is emitted and the new one held. Per item, records leave in
 * the order they came.
 *
 * <p>One instance per task, used by its stream thread only; cleared when the task's state is dropped.
 */
public final class ItemSignalBatch {

    /** A signal ready to be sent, with the newest record time among what it joined. */
    public record Ready(ItemSignal signal, long timestamp) {}

    /** Per item, what is held: the engagement (if any) and the pairs in the order they came. */
    private final Map<String, Held> held = new LinkedHashMap<>();

    /**
     * Holds {@code signal}, joined with what is held for its item when they can be joined.
     *
     * @return a signal held for the same item that has to leave before this one, or null
     */
    public Ready add(ItemSignal signal, long timestamp) {
        Held before = held.get(signal.itemId());
        if (before == null) {
            held.put(signal.itemId(), new Held(signal, timestamp));
            return null;
        }
        if (signal.isEngagement() && before.engagement.isEngagement()) {
            held.put(signal.itemId(), new Held(signal, timestamp));
            return before.ready();
        }
        before.join(signal, timestamp);
        return null;
    }

    /** Everything held, in the order the items were first held since the last drain; holds nothing after. */
    public List<Ready> drain() {
        List<Ready> ready = new ArrayList<>(held.size());
        held.values().forEach(h -> ready.add(h.ready()));
        held.clear();
        return ready;
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    public void clear() {
        held.clear();
    }

    /**
     * An item's held signals: the record whose engagement, time and category the joined record carries (the
     * engagement when there is one), and every pair so far, in order. Mutable, so a hot item's many joins
     * cost one list; a signal nothing joined (most of them, outside the popular items) is sent as it came.
     */
    private static final class Held {
        private final ItemSignal first;
        private ItemSignal engagement;
        /** Null until a second signal joins. */
        private List<ItemSignal.Pair> pairs;

        private long timestamp;

        Held(ItemSignal first, long timestamp) {
            this.first = first;
            this.engagement = first;
            this.timestamp = timestamp;
        }

        void join(ItemSignal signal, long at) {
            if (pairs == null) {
                pairs = new ArrayList<>(first.pairs());
            }
            if (signal.isEngagement()) {
                engagement = signal;
            }
            pairs.addAll(signal.pairs());
            timestamp = Math.max(timestamp, at);
        }

        Ready ready() {
            ItemSignal signal = pairs == null
                    ? first
                    : new ItemSignal(
                            engagement.itemId(),
                            engagement.engaged(),
                            pairs,
                            engagement.at(),
                            engagement.topCategory());
            return new Ready(signal, timestamp);
        }
    }
}
