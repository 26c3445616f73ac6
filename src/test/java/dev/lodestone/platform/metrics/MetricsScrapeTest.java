package dev.lodestone.platform.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What one scrape of {@code /q/metrics} carries: what docs/metrics.md promises, and little else. */
@QuarkusTest
class MetricsScrapeTest {

    private static final Path DOC = Path.of("docs/metrics.md");
    /** A table row naming a metric: {@code | `name` | type | …}. */
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `([a-z0-9_]+)` \\|", Pattern.MULTILINE);
    /** Suffixes Prometheus adds to a timer's or histogram's samples. */
    private static final List<String> SUFFIXES = List.of("", "_bucket", "_count", "_sum", "_max");
    /** Far above the packaged engine's scrape after 10,000 events (docs/metrics.md), far below 1.3 MB. */
    private static final int GENEROUS_BOUND_BYTES = 250_000;

    private static final Set<String> VIEWS =
            Set.of("activity", "profile", "neighbours", "trending", "points", "gifts", "catalog");

    @Test
    void shouldCarryEveryMetricTheDocumentNames() throws IOException {
        exerciseTheEngine();
        Set<String> documented = documented();
        assertTrue(documented.size() > 30, "docs/metrics.md lists too few metrics: " + documented);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> samples = sampleNames(scrape());
            Set<String> missing = documented.stream()
                    .filter(name -> SUFFIXES.stream().noneMatch(suffix -> samples.contains(name + suffix)))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(), missing, "documented in docs/metrics.md but not scraped");
        });
    }

    @Test
    void shouldReportTheFreshnessOfEveryReadModel() {
        String scrape = scrape();
        Set<String> views = scrape.lines()
                .filter(line -> line.startsWith("lodestone_freshness_seconds_count{"))
                .map(line -> line.replaceAll(".*view=\"([^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
        assertEquals(VIEWS, views);
    }

    @Test
    void shouldLeaveOutKafkaClientInternalsByDefault() {
        String scrape = scrape();
        List<String> fannedOut = scrape.lines()
                .filter(line -> line.startsWith("kafka_"))
                .filter(line ->
                        line.contains("partition=\"") || line.contains("topic=\"") || line.contains("node_id=\""))
                .toList();
        assertEquals(List.of(), fannedOut);
        assertFalse(scrape.contains("kafka_consumer_successful_reauthentication"), "a client internal is scraped");
        assertTrue(scrape.contains("kafka_consumer_last_poll_seconds_ago{"), "the consumers' last poll is missing");
        assertTrue(scrape.contains("lodestone_projection_lag{"), "the projections' lag is missing");
        assertTrue(
                scrape.length() < GENEROUS_BOUND_BYTES,
                "one scrape is " + scrape.length() + " bytes, over " + GENEROUS_BOUND_BYTES);
    }

    /**
     * Serves the requests whose meters are born with their first use: HTTP (any request) and points
     * answers (tagged by outcome). Every other documented meter is there from the start.
     */
    private static void exerciseTheEngine() {
        given().get("/v1/ping").then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.storefront()))
                .header("Idempotency-Key", "metrics-" + UUID.randomUUID())
                .contentType(ContentType.JSON)
                .body("{\"points\":1}")
                .post("/v1/users/{id}/points/redemptions", "metrics-" + UUID.randomUUID())
                .then()
                .statusCode(409);
    }

    private static Set<String> documented() throws IOException {
        Matcher rows = DOCUMENTED.matcher(Files.readString(DOC));
        Set<String> names = new TreeSet<>();
        while (rows.find()) {
            names.add(rows.group(1));
        }
        return names;
    }

    private static Set<String> sampleNames(String scrape) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
