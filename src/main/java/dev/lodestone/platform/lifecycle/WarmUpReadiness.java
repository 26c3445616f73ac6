package dev.lodestone.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the {@link WarmUp} is done: the first event posted after readiness then costs no more
 * than any later one. Once done it stays UP; the other readiness checks follow the engine's state.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    static final String NAME = "Warmed up";

    private final WarmUp warmUp;

    WarmUpReadiness(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        for (Map.Entry<WarmUp.Step, String> step : warmUp.status().entrySet()) {
            response.withData(step.getKey().label(), step.getValue());
        }
        return response.status(warmUp.complete()).build();
    }
}
