package dev.lodestone.dashboard;

import java.time.Duration;

/** The plain values the dashboard topology needs, from {@link DashboardConfig}. */
public record DashboardSettings(Duration interval, Duration rateWindow, Duration activeWindow, long lowStock) {

    public static DashboardSettings from(DashboardConfig c) {
        return new DashboardSettings(c.interval(), c.rateWindow(), c.activeWindow(), c.lowStock());
    }
}
