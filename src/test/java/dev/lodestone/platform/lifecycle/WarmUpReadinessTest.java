package dev.lodestone.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class WarmUpReadinessTest {

    private static final List<WarmUp.Step> STEPS = List.of(WarmUp.Step.values());

    @Test
    void shouldStayDownUntilEveryWarmUpStepIsDone() {
        WarmUp warmUp = new WarmUp(null, null, null, null, null);
        WarmUpReadiness readiness = new WarmUpReadiness(warmUp);

        HealthCheckResponse before = readiness.call();
        assertEquals(Status.DOWN, before.getStatus());
        STEPS.forEach(step -> assertEquals("pending", data(before).get(step.label())));

        for (WarmUp.Step step : STEPS.subList(0, STEPS.size() - 1)) {
            warmUp.done(step, "done");
            assertEquals(Status.DOWN, readiness.call().getStatus(), "ready before " + STEPS.getLast());
        }
        warmUp.done(STEPS.getLast(), "6 requests");

        HealthCheckResponse after = readiness.call();
        assertEquals(Status.UP, after.getStatus());
        assertEquals("6 requests", data(after).get(STEPS.getLast().label()));
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        Optional<Map<String, Object>> data = response.getData();
        return data.orElse(Map.of());
    }
}
