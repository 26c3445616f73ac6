package dev.lodestone.activity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-shopper activity. */
@ConfigMapping(prefix = "lodestone.activity")
public interface ActivityConfig {
    /** How many distinct recent item ids an activity keeps. */
    @WithDefault("50")
    int recentItems();
}
