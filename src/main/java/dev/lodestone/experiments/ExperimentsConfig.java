package dev.lodestone.experiments;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A/B experiments on recommendations. Unremovable: the engine looks it up by type ({@code EngineConfig}). */
@ConfigMapping(prefix = "lodestone.experiments")
@Unremovable
public interface ExperimentsConfig {
    /** Error rate of the always-valid intervals and tests (0.05: 95 % intervals). */
    @WithDefault("0.05")
    double alpha();

    /**
     * Scale of the mixing distribution of the sequential test, as a relative lift over the control's
     * mean: the effect size the test is most sensitive to (docs/experiments.md).
     */
    @WithDefault("0.1")
    double mixtureLift();

    /** Sample-ratio mismatch is flagged below this chi-square p-value. */
    @WithDefault("0.001")
    double srmThreshold();
}
