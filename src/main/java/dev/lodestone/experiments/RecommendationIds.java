package dev.lodestone.experiments;

import java.util.UUID;

/**
 * The {@code recommendationId} of a list served under an experiment carries the experiment and the
 * variant: {@code <experimentId>~<variant>~<32 hex digits>}. Feedback events echo it, so the topology
 * attributes every impression, click, cart and purchase to its variant from the event alone, with no
 * lookup and no state shared between instances. A list served outside any experiment keeps a plain UUID.
 * Experiment ids and variant names never contain {@code ~} (see {@link ExperimentRules}).
 */
public final class RecommendationIds {

    public static final char SEPARATOR = '~';

    /** What a recommendation id names: its experiment and variant. */
    public record Arm(String experiment, String variant) {}

    private RecommendationIds() {}

    public static String of(String experimentId, String variant) {
        return experimentId
                + SEPARATOR
                + variant
                + SEPARATOR
                + UUID.randomUUID().toString().replace("-", "");
    }

    /** The arm a recommendation id names, or null for an id outside any experiment (or one not made here). */
    public static Arm arm(String recommendationId) {
        if (recommendationId == null) {
            return null;
        }
        int first = recommendationId.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : recommendationId.indexOf(SEPARATOR, first + 1);
        if (first <= 0 || second <= first + 1 || recommendationId.indexOf(SEPARATOR, second + 1) >= 0) {
            return null;
        }
        String experiment = recommendationId.substring(0, first);
        String variant = recommendationId.substring(first + 1, second);
        if (!ExperimentRules.validId(experiment) || !ExperimentRules.validVariantName(variant)) {
            return null;
        }
        return new Arm(experiment, variant);
    }
}
