package dev.lodestone.similarity;

import java.time.Duration;

/**
 * Plain values that drive the similarity topology.
 *
 * @param pairItems an engaged item is paired with at most this many of the shopper's recent items
 * @param pairWindow ... and only with those engaged within this time before it
 * @param distanceDecay the pair weight is divided by {@code distance^distanceDecay} (1 = previous item)
 * @param neighbours top-K neighbours published per item
 * @param candidates neighbour candidates tracked per item (at least K); the weakest is evicted when full
 */
public record SimilaritySettings(
        int pairItems, Duration pairWindow, double distanceDecay, int neighbours, int candidates) {

    public static SimilaritySettings from(SimilarityConfig c) {
        return new SimilaritySettings(
                c.pairItems(),
                c.pairWindow(),
                c.distanceDecay(),
                c.neighbours(),
                Math.max(c.neighbours(), c.candidates()));
    }
}
