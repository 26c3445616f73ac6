package dev.lodestone.recommend.store;

import java.util.OptionalInt;

/**
 * How many shoppers the near cache ({@link PlainReadCache}) holds when {@code near-cache-shoppers} is not
 * set: as many as fit in a fifth of the heap. A fixed number fits one pod size and no other: the packaged
 * api pod (a 512 MB heap) holds about 15,000 shoppers this way, a 6 GB heap every shopper of a shop with
 * 170,000 active within the hour, and an operator who sizes the heap for the shop's active shoppers does
 * not have to size this setting again.
 */
final class NearCacheSize {

    /** The share of the heap the copies may take when the count is not set. */
    static final double HEAP_SHARE = 0.2;

    /**
     * Heap per held candidate: a held shopper took at most about 5 KB at 60 candidates (measured with
     * 100,000 held, docs/benchmarks.md "The active shoppers in memory"), and a shopper asked for keeps the
     * JSON of the list last handed out beside it (about 2 KB for 20 items), so about 7 KB.
     */
    static final long BYTES_PER_CANDIDATE = 120;

    /** At least this many, whatever the heap: a copy per shopper of a small shop's current sessions. */
    static final int MIN_SHOPPERS = 1_000;

    private NearCacheSize() {}

    /**
     * The configured count if set (0 turns the cache off), else a fifth of {@code maxHeapBytes} divided by
     * what a shopper's copy takes at {@code candidates} kept candidates.
     */
    static int shoppers(OptionalInt configured, long maxHeapBytes, int candidates) {
        if (configured.isPresent()) {
            return Math.max(0, configured.getAsInt());
        }
        long perShopper = BYTES_PER_CANDIDATE * Math.max(1, candidates);
        long fit = (long) (maxHeapBytes * HEAP_SHARE) / perShopper;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_SHOPPERS, fit));
    }
}
