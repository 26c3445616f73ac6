package dev.lodestone.similarity;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Streaming item-item similarity. Unremovable: the engine looks it up by type ({@code EngineConfig}). */
@ConfigMapping(prefix = "lodestone.similarity")
@Unremovable
public interface SimilarityConfig {
    /**
     * An engaged item is paired with at most this many of the shopper's recent items. Each pair
     * is two records through the similarity repartition; 5 scored within 0.001 of 10 and 20
     * (docs/evaluation.md) at half the processing cost of 10.
     */
    @WithDefault("5")
    int pairItems();

    /** ... engaged within this time before it. */
    @WithDefault("PT24H")
    Duration pairWindow();

    /** Pair weight divided by distance^this (1 = the previous item). */
    @WithDefault("1.0")
    double distanceDecay();

    /** Top-K neighbours published per item. */
    @WithDefault("50")
    int neighbours();

    /** Neighbour candidates tracked per item (at least K). */
    @WithDefault("100")
    int candidates();
}
