package dev.lodestone.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.experiments.streams.ExperimentsTopology;
import dev.lodestone.ingest.IngestTopics;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.support.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attribution of feedback to variants by the recommendation id, through the production topology. */
class ExperimentsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TopologyHarness harness;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, ForgetRequest> forget;
    private TestOutputTopic<String, VariantTotals> results;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        events = harness.input(IngestTopics.SHOPPER_EVENTS);
        forget = harness.input(ShopperTopics.SHOPPER_FORGET);
        results = harness.output(ExperimentsTopics.EXPERIMENT_RESULTS);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldSumImpressionsClicksCartsAndPurchasesPerVariantAndShopper() {
        String a = RecommendationIds.of("exp1", "control");
        String b = RecommendationIds.of("exp1", "b");
        pipe("e1", "impression", "alice", a, "");
        pipe("e2", "impression", "alice", a, "");
        pipe("e3", "click", "alice", a, "");
        pipe("e4", "impression", "bob", b, "");
        pipe("e5", "click", "bob", b, "");
        pipe("e6", "add_to_cart", "bob", b, "");
        pipe("e7", "purchase", "bob", b, ",\"price\":20.5,\"quantity\":2");
        pipe("e8", "view", "bob", b, "");
        pipe("e9", "click", "carol", "plain-id", "");

        Map<String, VariantTotals> latest = latest();
        VariantTotals control = latest.get("exp1~control");
        assertEquals(1, control.shoppers());
        assertEquals(2, control.impressions());
        assertEquals(4, control.impressionsSq());
        assertEquals(1, control.clicks());
        assertEquals(2, control.clicksTimesImpressions());
        assertEquals(1, control.clickers());
        VariantTotals variant = latest.get("exp1~b");
        assertEquals(1, variant.shoppers());
        assertEquals(1, variant.carts());
        assertEquals(1, variant.converters());
        assertEquals(41.0, variant.revenue(), 1e-9);
        assertEquals(41.0 * 41.0, variant.revenueSq(), 1e-6);
        assertEquals(2, latest.size());
    }

    @Test
    void shouldKeepAShopperInTheFirstVariantTheyWereSeenIn() {
        pipe("e1", "impression", "alice", RecommendationIds.of("exp2", "control"), "");
        pipe("e2", "click", "alice", RecommendationIds.of("exp2", "b"), "");

        Map<String, VariantTotals> latest = latest();
        assertEquals(1, latest.size());
        assertEquals(0, latest.get("exp2~control").clicks());
    }

    @Test
    void shouldForgetTheShoppersExposuresButKeepTheAnonymousTotals() {
        pipe("e1", "impression", "alice", RecommendationIds.of("exp3", "control"), "");
        forget.pipeInput("u:alice", new ForgetRequest("u:alice", T0.plusSeconds(1)), T0.plusSeconds(1));

        assertNull(harness.store(ExperimentsTopology.SHOPPER_STORE).get("u:alice"));
        assertEquals(1, latest().get("exp3~control").shoppers());
    }

    private Map<String, VariantTotals> latest() {
        Map<String, VariantTotals> latest = new TreeMap<>();
        results.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    private void pipe(String eventId, String type, String user, String recommendationId, String extra) {
        String json = "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"userId\":\"" + user
                + "\",\"itemId\":\"i1\",\"recommendationId\":\"" + recommendationId + "\",\"occurredAt\":\"" + T0
                + "\",\"receivedAt\":\"" + T0 + "\"" + extra + "}";
        events.pipeInput("u:" + user, json.getBytes(StandardCharsets.UTF_8), T0);
    }
}
