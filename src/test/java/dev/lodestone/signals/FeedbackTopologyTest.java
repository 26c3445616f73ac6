package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.chat.ChatRating;
import dev.lodestone.chat.ChatTopics;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.signals.streams.SignalsTopology;
import dev.lodestone.support.TopologyHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feedback and chat ratings through the production topology, summarised as GET /v1/feedback/summary does. */
class FeedbackTopologyTest {

    private static final Instant DAY = Instant.parse("2026-03-02T10:00:00Z");

    private TopologyHarness harness;

    record Labelled(int nps, String text) {}

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void shouldComputeTheExactNpsAndFindThePlantedComplaintsAmongTheDetractorsTopKeywords() throws IOException {
        List<Labelled> sample = sample();
        assertTrue(sample.size() >= 200, "a labelled sample of at least 200 texts");
        TestInputTopic<String, Feedback> feedback = harness.input(SignalsTopics.FEEDBACK);
        int n = 0;
        for (Labelled l : sample) {
            Instant at = DAY.plusSeconds(n);
            feedback.pipeInput(
                    "u:s" + n,
                    new Feedback(
                            "f" + n,
                            "s" + n++,
                            l.nps(),
                            null,
                            l.text(),
                            new Feedback.About("shop", null),
                            Feedback.FROM_API,
                            at),
                    at);
        }

        FeedbackSummary summary = summary("all");
        long promoters = sample.stream().filter(l -> l.nps() >= 9).count();
        long detractors = sample.stream().filter(l -> l.nps() <= 6).count();
        double expected = Math.round(10_000.0 * (promoters - detractors) / sample.size()) / 100.0;
        assertEquals(sample.size(), summary.responses());
        assertEquals(promoters, summary.nps().promoters());
        assertEquals(detractors, summary.nps().detractors());
        assertEquals(expected, summary.nps().score(), "NPS = % promoters − % detractors");
        assertTrue(summary.nps().low() < summary.nps().score()
                && summary.nps().score() < summary.nps().high());

        List<String> top5 = summary.keywords().detractors().stream()
                .limit(5)
                .map(FeedbackSummary.Keyword::term)
                .toList();
        assertTrue(top5.containsAll(List.of("物流", "客服", "refund")), "detractors' top 5: " + top5);
        FeedbackSummary.Keyword logistics = summary.keywords().detractors().stream()
                .filter(k -> k.term().equals("物流"))
                .findFirst()
                .orElseThrow();
        assertFalse(logistics.examples().isEmpty());
        assertTrue(
                logistics.examples().stream().allMatch(e -> e.contains("物流")),
                logistics.examples().toString());
        List<String> promotersTop = summary.keywords().promoters().stream()
                .limit(5)
                .map(FeedbackSummary.Keyword::term)
                .toList();
        assertTrue(promotersTop.contains("质量"), "promoters' top 5: " + promotersTop);
        assertFalse(promotersTop.contains("物流"));
        assertEquals(1, summary.days().size());
        assertEquals(expected, summary.days().getFirst().nps());
    }

    @Test
    void shouldSegmentChineseCompoundsIntoWords() {
        Set<String> terms = FeedbackText.keywords("物流太慢");
        assertTrue(terms.contains("物流"), terms.toString());
        assertFalse(terms.contains("物") || terms.contains("流"), terms.toString());
        assertEquals(Set.of("客服", "态度"), FeedbackText.keywords("客服的态度很差"));
    }

    @Test
    void shouldCountChatRatingsAsCsatAboutTheConversation() {
        TestInputTopic<String, ChatRating> ratings = harness.input(ChatTopics.CHAT_RATINGS);
        ratings.pipeInput("c1", new ChatRating("c1", "alice", null, 5, DAY), DAY);
        ratings.pipeInput("c2", new ChatRating("c2", "bob", null, 2, DAY), DAY);
        ratings.pipeInput("c3", new ChatRating("c3", "bob", null, 9, DAY), DAY); // not a rating: ignored

        FeedbackSummary conversations = summary("about:conversation");
        assertEquals(2, conversations.csat().responses());
        assertEquals(3.5, conversations.csat().mean());
        assertEquals(2, summary("all").responses());
    }

    private FeedbackSummary summary(String series) {
        DailyCounts day = harness.<String, DailyCounts>store(SignalsTopology.DAILY_STORE)
                .get("feedback|" + series + "|" + DAY.toString().substring(0, 10));
        LocalDate date = LocalDate.parse(DAY.toString().substring(0, 10));
        return FeedbackSummary.of(new DayRange(date, date), null, null, List.of(day));
    }

    private static List<Labelled> sample() throws IOException {
        List<Labelled> rows = new ArrayList<>();
        try (InputStream in = FeedbackTopologyTest.class.getResourceAsStream("/signals/feedback-sample.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", 2);
                rows.add(new Labelled(Integer.parseInt(cols[0]), cols[1]));
            }
        }
        return rows;
    }
}
