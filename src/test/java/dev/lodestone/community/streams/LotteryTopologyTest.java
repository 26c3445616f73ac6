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
        // The entries are entry ids ("r<i>", the member's entry request), never user ids.
        assertEquals("r0", closed.entries().getFirst());
        List<GiftCommand> coupons = gifts.readValuesToList();
        Set<String> winners = closed.winners().stream()
                .map(entry -> "member-" + entry.substring(1))
                .collect(Collectors.toSet());
        assertEquals(winners, coupons.stream().map(GiftCommand::userId).collect(Collectors.toSet()));
        assertEquals(3, coupons.size());
        assertEquals(3, coupons.stream().map(GiftCommand::code).distinct().count(), "distinct codes");
        Map<String, Decision> prizes =
                replies.readValuesToList().stream().collect(Collectors.toMap(Decision::requestId, d -> d));
        for (String winner : winners) {
            assertEquals(winner, prizes.get(Lottery.prizeId("l3", winner)).userId());
        }
        harness.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(0, gifts.readValuesToList().size(), "drawn once");
        assertEquals(
                "closed", enter("l3", "late", "member-99", T0.plusSeconds(40)).code());
    }

    @Test
    void shouldForgetAnEntrantButKeepTheProofAndForfeitTheirPrize() {
        create("l4", 2, T0.plusSeconds(30));
        enter("l4", "r-1", "gone", T0.plusSeconds(1));
        enter("l4", "r-2", "kept", T0.plusSeconds(1));
        forget("gone", T0.plusSeconds(2));
        List<Decision> forgotten = replies.readValuesToList();
        assertEquals(List.of("r-1"), forgotten.stream().map(Decision::requestId).toList());
        assertEquals(Decision.Outcome.FORGOTTEN, forgotten.getFirst().outcome());
        harness.advanceWallClockTime(Duration.ofSeconds(31));
        Lottery closed = lotteries.readValuesToList().getLast();
        assertEquals(List.of("r-1", "r-2"), closed.entries(), "the entry keeps its place");
        assertEquals(Set.of("r-1", "r-2"), Set.copyOf(closed.winners()));
        assertEquals(LotteryDraw.winners(closed.seed(), closed.entries(), 2), closed.winners());
        assertEquals(
                List.of("kept"),
                gifts.readValuesToList().stream().map(GiftCommand::userId).toList(),
                "no prize for a forgotten entrant");
        assertEquals(List.of(), named("gone"));
    }

    @Test
    void shouldForgetADrawnWinnersPrizeDecision() {
        create("l5", 1, T0.plusSeconds(30));
        enter("l5", "r-1", "winner", T0.plusSeconds(1));
        harness.advanceWallClockTime(Duration.ofSeconds(31));
        Lottery closed = lotteries.readValuesToList().getLast();
        replies.readValuesToList();
        forget("winner", T0.plusSeconds(40));
        assertEquals(
                Set.of("r-1", Lottery.prizeId("l5", "winner")),
                replies.readValuesToList().stream()
                        .filter(d -> d.outcome() == Decision.Outcome.FORGOTTEN)
                        .map(Decision::requestId)
                        .collect(Collectors.toSet()));
        assertEquals(List.of(), named("winner"));
        assertEquals(
                closed,
                harness.<String, Lottery>store(LotteryTopology.LOTTERY_STORE)
                        .get("l5")
                        .publicView(closed.entries()),
                "the proof stays as drawn");
    }

    private void forget(String user, Instant at) {
        commands.pipeInput(
                "forget", new LotteryCommand(LotteryCommand.Type.FORGET_SHOPPER, null, null, user, null, at), at);
    }

    /** Entries of the lottery stores whose key or value names the user. */
    private List<String> named(String user) {
        List<String> found = new java.util.ArrayList<>();
        for (String name : List.of(LotteryTopology.ENTRY_STORE, LotteryTopology.SHOPPER_STORE)) {
            try (var it = harness.<String, String>store(name).all()) {
                it.forEachRemaining(kv -> {
                    if (kv.key.contains(user) || kv.value.contains(user)) {
                        found.add(name + ": " + kv.key + " = " + kv.value);
                    }
                });
            }
        }
        return found;
    }
}
