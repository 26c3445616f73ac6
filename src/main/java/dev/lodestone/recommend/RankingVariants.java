package dev.lodestone.recommend;

/**
 * Where serving asks which ranking a shopper gets: an experiment's variant, or the configured settings.
 * Implemented by the experiments feature, which recommend does not depend on.
 */
public interface RankingVariants {

    /**
     * A shopper's arm of the running experiment.
     *
     * @param settings the ranking settings of the variant
     * @param recommendationId the id the served list carries, which names the experiment and variant
     */
    record Assigned(String experiment, String variant, RankerSettings settings, String recommendationId) {}

    /** The arm of the running experiment {@code shopperKey} falls into, or null when none applies. */
    Assigned assign(String shopperKey, RankerSettings base);
}
