package dev.lodestone.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** The dashboard's meters: open streams on this instance and the updates pushed to them. */
@Startup
@Singleton
public class DashboardMetrics {

    public static final String SUBSCRIBERS = "lodestone.dashboard.subscribers";
    public static final String UPDATES = "lodestone.dashboard.updates";

    private final AtomicInteger subscribers = new AtomicInteger();
    private final Counter updates;

    DashboardMetrics(MeterRegistry registry) {
        Gauge.builder(SUBSCRIBERS, subscribers, AtomicInteger::get)
                .description("Dashboard streams open on this instance")
                .register(registry);
        this.updates = Counter.builder(UPDATES)
                .description(
                        "Dashboard snapshots assembled on this instance (one Redis read each, whatever the subscribers)")
                .register(registry);
    }

    public int subscribed() {
        return subscribers.incrementAndGet();
    }

    public int unsubscribed() {
        return subscribers.decrementAndGet();
    }

    public int subscribers() {
        return subscribers.get();
    }

    public void updated() {
        updates.increment();
    }
}
