package dev.lodestone.dashboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.dashboard.DashboardSnapshot;
import dev.lodestone.platform.dashboard.DashboardPanel;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DashboardPanelsTest {

    private static DashboardPanel panel(String name, Supplier<Uni<Map<String, Double>>> numbers) {
        return new DashboardPanel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Uni<Map<String, Double>> numbers() {
                return numbers.get();
            }
        };
    }

    private static DashboardSnapshot snapshot(List<DashboardPanel> panels) {
        Map<String, Map<String, Double>> read = DashboardSnapshots.readPanels(panels, Duration.ofMillis(100))
                .await()
                .atMost(Duration.ofSeconds(10));
        return DashboardSnapshot.assemble(
                List.of(), Instant.now(), Duration.ofSeconds(15), List.of(), DashboardSnapshot.Meters.NONE, null, read);
    }

    @Test
    void shouldShowAFailingOrSlowPanelAsUnavailableAndTheOthersLive() {
        DashboardSnapshot s = snapshot(List.of(
                panel("chat", () -> Uni.createFrom().item(Map.of("waiting for an agent", 3.0))),
                panel("community", () -> Uni.createFrom().failure(new IllegalStateException("redis down"))),
                panel("signals", () -> Uni.createFrom().nothing())));

        assertTrue(s.panels().get("chat").available());
        assertEquals("live", s.panels().get("chat").status());
        assertEquals(3.0, s.panels().get("chat").numbers().get("waiting for an agent"));
        assertFalse(s.panels().get("community").available());
        assertEquals("unavailable", s.panels().get("community").status());
        assertFalse(s.panels().get("signals").available());
        assertEquals("unavailable", s.panels().get("signals").status());
    }

    @Test
    void shouldShowAPanelThatThrowsWhenAskedAsUnavailableAndOneNobodyComputesAsNotAvailableYet() {
        DashboardSnapshot s = snapshot(List.of(panel("community", () -> {
            throw new IllegalStateException("not ready");
        })));
        assertEquals("unavailable", s.panels().get("community").status());
        assertEquals("not available yet", s.panels().get("signals").status());
    }

    @Test
    void shouldAssembleWithoutAnyPanel() {
        DashboardSnapshot s = snapshot(List.of());
        assertEquals("not available yet", s.panels().get("chat").status());
    }
}
