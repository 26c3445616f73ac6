package dev.lodestone.activity;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-shopper activity. Unremovable: the engine looks it up by type ({@code EngineConfig}), no bean injects it. */
@ConfigMapping(prefix = "lodestone.activity")
@Unremovable
public interface ActivityConfig {
    /** How many distinct recent item ids an activity keeps. */
    @WithDefault("50")
    int recentItems();
}
