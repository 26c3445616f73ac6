package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.engine.EngineConfig;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperTopics;
import dev.lodestone.signals.streams.SignalsTopology;
import dev.lodestone.support.TopologyHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Not interested" marks: folded per shopper, published for the Redis projection, forgotten, counted as negative feedback. */
class NotInterestedTopologyTest {

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    private static final String ALICE = "u:alice";

    private TopologyHarness harness;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, NotInterested> marks;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        feedback = harness.input(SignalsTopics.FEEDBACK);
        marks = harness.output(SignalsTopics.SHOPPER_NOT_INTERESTED);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldExcludeTheItemAndDemoteItsNeighboursButNeverDemoteAnExcludedItem() {
        mark("f1", "i1", List.of("i2", "i3"), T0);
        mark("f2", "i2", List.of("i1", "i4"), T0.plusSeconds(5));

        NotInterested latest = marks.readValuesToList().getLast();
        assertEquals(Set.of("i1", "i2"), latest.excluded());
        assertEquals(Set.of("i3", "i4"), latest.demoted());
        assertEquals(2, latest.version());
        assertEquals(T0.plusSeconds(5), latest.at());
    }

    @Test
    void shouldCountAMarkAsNegativeFeedbackAboutTheItem() {
        mark("f1", "i1", List.of(), T0);
        DailyCounts items =
                harness.<String, DailyCounts>store(SignalsTopology.DAILY_STORE).get("feedback|about:item|2026-04-01");
        assertEquals(1L, items.count("not_interested"));
        assertEquals(1L, items.count("responses"));
    }

    @Test
    void shouldForgetTheShoppersMarksWithATombstone() {
        mark("f1", "i1", List.of("i2"), T0);
        marks.readValuesToList();
        harness.input(ShopperTopics.SHOPPER_FORGET).pipeInput(ALICE, new ForgetRequest(ALICE, T0.plusSeconds(1)), T0);

        TestRecord<String, NotInterested> tombstone = marks.readRecord();
        assertEquals(ALICE, tombstone.key());
        assertNull(tombstone.value());
        assertNull(harness.<String, NotInterested>store(SignalsTopology.NOT_INTERESTED_STORE)
                .get(ALICE));
    }

    private void mark(String id, String item, List<String> neighbours, Instant at) {
        feedback.pipeInput(
                ALICE,
                new Feedback(
                        id,
                        "alice",
                        null,
                        null,
                        null,
                        new Feedback.About("item", item),
                        Feedback.NOT_INTERESTED,
                        at,
                        neighbours),
                at);
    }
}
