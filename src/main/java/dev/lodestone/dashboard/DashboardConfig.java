package dev.lodestone.dashboard;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The marketers' live dashboard. Unremovable: the engine looks it up by type ({@code EngineConfig}). */
@ConfigMapping(prefix = "lodestone.dashboard")
@Unremovable
public interface DashboardConfig {
    /** How often the topology publishes its counts and subscribers get a snapshot. */
    @WithDefault("PT1S")
    Duration interval();

    /** Events per second are averaged over this much processing time. */
    @WithDefault("PT10S")
    Duration rateWindow();

    /** A shopper is active while their newest event is younger than this. */
    @WithDefault("PT5M")
    Duration activeWindow();

    /** A gift is running low at this stock or below. */
    @WithDefault("10")
    long lowStock();

    /** How long a stream ticket opens the dashboard stream. */
    @WithDefault("PT60S")
    Duration ticketTtl();
}
