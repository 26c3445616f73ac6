package dev.lodestone.signals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/** The signals' meters, created at start-up so they are on /q/metrics from the start. */
@Startup
@Singleton
public class SignalsMetrics {

    public static final String FEEDBACK = "lodestone.signals.feedback";

    private final Counter feedback;
    private final Counter notInterested;

    SignalsMetrics(MeterRegistry registry) {
        this.feedback = Counter.builder(FEEDBACK)
                .description("Feedback accepted (on the broker), by source")
                .tag("source", Feedback.FROM_API)
                .register(registry);
        this.notInterested = Counter.builder(FEEDBACK)
                .description("Feedback accepted (on the broker), by source")
                .tag("source", Feedback.NOT_INTERESTED)
                .register(registry);
    }

    public void accepted(Feedback feedback) {
        (Feedback.NOT_INTERESTED.equals(feedback.source()) ? notInterested : this.feedback).increment();
    }
}
