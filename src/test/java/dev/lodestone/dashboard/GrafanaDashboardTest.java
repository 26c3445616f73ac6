package dev.lodestone.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.kafka.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard for SREs is valid JSON and queries only metrics that docs/metrics.md describes. */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(lodestone_[a-z_]+)");

    @Test
    void shouldQueryOnlyDocumentedMetrics() throws Exception {
        JsonNode dashboard = JsonSerde.MAPPER.readTree(Files.readString(Path.of("docs/grafana/lodestone.json")));
        String metricsDoc = Files.readString(Path.of("docs/metrics.md"));
        Set<String> undocumented = new TreeSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries++;
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) {
                    String name = m.group(1).replaceAll("_(bucket|count|sum)$", "");
                    if (!metricsDoc.contains("`" + name)) {
                        undocumented.add(name);
                    }
                }
            }
        }
        assertTrue(queries > 10);
        assertEquals(Set.of(), undocumented, "queried but not in docs/metrics.md");
    }
}
