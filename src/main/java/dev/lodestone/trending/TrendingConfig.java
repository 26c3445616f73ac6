package dev.lodestone.trending;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Time-decayed popularity. */
@ConfigMapping(prefix = "lodestone.trending")
@Unremovable
public interface TrendingConfig {
    /** Half-life of popularity. */
    @WithDefault("P1D")
    Duration halfLife();

    /** Items kept in each Redis trending list (global and per top-level category). */
    @WithDefault("1000")
    int keep();
}
