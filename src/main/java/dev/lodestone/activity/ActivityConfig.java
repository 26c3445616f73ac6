package dev.lodestone.activity;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Per-shopper activity. Unremovable: the engine looks it up by type ({@code EngineConfig}), no bean injects it. */
@ConfigMapping(prefix = "lodestone.activity")
@Unremovable
public interface ActivityConfig {
    /** How many distinct recent item ids an activity keeps. */
    @WithDefault("50")
    int recentItems();

    /** How long a shopper's activity stays in Redis after their newest event; 0 keeps it. */
    @WithDefault("P90D")
    Duration redisTtl();
}
