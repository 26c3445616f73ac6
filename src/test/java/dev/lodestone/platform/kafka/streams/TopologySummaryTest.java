package dev.lodestone.platform.kafka.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.engine.EngineTopology;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The start-up summary of the engine's topology: one readable line per sub-topology. */
class TopologySummaryTest {

    private static final EngineConfig CONFIG = EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY"));

    @Test
    void shouldSummariseEachSubTopologyOnOneLineWithItsTopicsAndStores() {
        TopologyDescription description =
                EngineTopology.build(CONFIG, EngineTopology.Hooks.NONE).describe();
        List<String> lines = TopologySummary.of(description).lines().toList();

        assertEquals(
                1
                        + description.subtopologies().size()
                        + description.globalStores().size(),
                lines.size(),
                lines::toString);
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.contains("shopper-events")
                                && line.contains("-> ")
                                && line.contains("shopper-activity")
                                && line.contains("activity-shopper-store")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.contains("catalog-items -> global store")), lines::toString);
    }
}
