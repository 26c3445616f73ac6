package dev.lodestone.community.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.Lottery;
import dev.lodestone.community.LotteryCommand;
import dev.lodestone.community.LotteryDraw;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.support.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lotteries on their partition: one entry per member in the window, a verifiable draw at the end, prizes once. */
class LotteryTopologyTest {

    private static final Instant T0 = TopologyHarness.WALL_CLOCK_START;

    private TopologyHarness harness;
    private TestInputTopic<String, LotteryCommand> commands;
    private TestOutputTopic<String, Decision> replies;
    private TestOutputTopic<String, Lottery> lotteries;
    private TestOutputTopic<String, GiftCommand> gifts;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        commands = harness.input(CommunityTopics.LOTTERY_COMMANDS);
        replies = harness.output(PointsTopics.POINTS_REPLIES);
        lotteries = harness.output(CommunityTopics.LOTTERIES);
        gifts = harness.output(GiftsTopics.GIFT_COMMANDS);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private void create(String id, int winners, Instant endsAt) {
        Lottery l = new Lottery(
                id,
                "grp-1",
                "l",
                winners,
                T0,
                endsAt,
                Lottery.OPEN,
                null,
                null,
                0,
                null,
                null,
                null,
                "marketer",
                0,
                T0);
        commands.pipeInput(
                LotteryCommand.key(id), new LotteryCommand(LotteryCommand.Type.CREATE, id, null, null, l, T0), T0);
    }

    private Decision enter(String id, String requestId, String user, Instant at) {
        commands.pipeInput(
                LotteryCommand.key(id),
                new LotteryCommand(LotteryCommand.Type.ENTER, id, requestId, user, null, at),
                at);
        return replies.readValuesToList().stream()
                .filter(d -> requestId.equals(d.requestId()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldPublishTheCommitmentButNotTheSeedWhileOpen() {
        create("l1", 1, T0.plusSeconds(60));
        Lottery published = lotteries.readValuesToList().getLast();
        assertNull(published.seed());
        Lottery kept =
                harness.<String, Lottery>store(LotteryTopology.LOTTERY_STORE).get("l1");
        assertEquals(LotteryDraw.commitment(kept.seed()), published.commitment());
    }

    @Test
    void shouldAcceptOneEntryPerMemberInsideTheWindowOnly() {
        create("l2", 1, T0.plusSeconds(60));
        assertEquals(
                Decision.Outcome.DONE,
                enter("l2", "a", "alice", T0.plusSeconds(1)).outcome());
        assertEquals(
                Decision.Outcome.DONE,
                enter("l2", "a", "alice", T0.plusSeconds(2)).outcome(),
                "a retry");
        assertEquals(
                "already_entered", enter("l2", "b", "alice", T0.plusSeconds(3)).code());
        assertEquals("closed", enter("l2", "c", "bob", T0.plusSeconds(61)).code());
        assertEquals(Decision.Outcome.NOT_FOUND, enter("none", "d", "bob", T0).outcome());
        assertEquals(
                1,
                harness.<String, Lottery>store(LotteryTopology.LOTTERY_STORE)
                        .get("l2")
                        .entryCount());
    }

    @Test
    void shouldDrawVerifiableWinnersAtTheEndAndIssueEachPrizeOnce() {
        create("l3", 3, T0.plusSeconds(30));
        for (int i = 0; i < 20; i++) {
            enter("l3", "r" + i, "member-" + i, T0.plusSeconds(1));
        }
        lotteries.readValuesToList();
        harness.advanceWallClockTime(Duration.ofSeconds(31));
        Lottery closed = lotteries.readValuesToList().getLast();
        assertEquals(Lottery.CLOSED, closed.status());
        assertEquals(20, closed.entries().size());
        assertEquals(LotteryDraw.commitment(closed.seed()), closed.commitment());
        assertEquals(LotteryDraw.entriesHash(closed.entries()), closed.entriesHash());
        assertEquals(LotteryDraw.winners(closed.seed(), closed.entries(), 3), closed.winners());
        List<GiftCommand> coupons = gifts.readValuesToList();
        assertEquals(
                Set.copyOf(closed.winners()),
                coupons.stream().map(GiftCommand::userId).collect(Collectors.toSet()));
        assertEquals(3, coupons.size());
        Map<String, Decision> prizes =
                replies.readValuesToList().stream().collect(Collectors.toMap(Decision::requestId, d -> d));
        for (String winner : closed.winners()) {
            assertEquals(
                    winner, prizes.get(LotteryProcessor.prizeId("l3", winner)).userId());
        }
        harness.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(0, gifts.readValuesToList().size(), "drawn once");
        assertEquals(
                "closed", enter("l3", "late", "member-99", T0.plusSeconds(40)).code());
    }
}
