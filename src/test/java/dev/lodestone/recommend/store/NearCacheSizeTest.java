package dev.lodestone.recommend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NearCacheSizeTest {

    private static final long MB = 1024L * 1024;

    @Test
    void aConfiguredCountIsKeptAsItIs() {
        assertEquals(10_000, NearCacheSize.shoppers(OptionalInt.of(10_000), 6_000 * MB, 60));
        assertEquals(0, NearCacheSize.shoppers(OptionalInt.of(0), 6_000 * MB, 60));
    }

    @Test
    void unsetItTakesAFifthOfTheHeapAtAboutSevenKilobytesAShopper() {
        // The packaged api pod: 1 GiB, half of it heap.
        assertEquals(14_913, NearCacheSize.shoppers(OptionalInt.empty(), 512 * MB, 60));
        // A 6 GB heap holds a shop of 100,000 active shoppers with room to spare.
        assertEquals(174_762, NearCacheSize.shoppers(OptionalInt.empty(), 6_000 * MB, 60));
    }

    @Test
    void moreCandidatesPerShopperHoldFewerShoppers() {
        assertEquals(7_456, NearCacheSize.shoppers(OptionalInt.empty(), 512 * MB, 120));
    }

    @Test
    void aSmallHeapStillHoldsTheMinimum() {
        assertEquals(NearCacheSize.MIN_SHOPPERS, NearCacheSize.shoppers(OptionalInt.empty(), 16 * MB, 60));
    }
}
