package dev.lodestone.community.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.lodestone.community.CommunityTopics;
import dev.lodestone.community.CouponDrop;
import dev.lodestone.community.DropCommand;
import dev.lodestone.engine.EngineConfig;
import dev.lodestone.gifts.GiftCommand;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsTopics;
import dev.lodestone.support.TopologyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coupon drops decided on the drop's partition: exactly N issued, one per shopper, redeemable once. */
class CouponDropTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private TopologyHarness harness;
    private TestInputTopic<String, DropCommand> commands;
    private TestOutputTopic<String, Decision> replies;
    private TestOutputTopic<String, CouponDrop> drops;

    @BeforeEach
    void setUp() {
        harness = new TopologyHarness(EngineConfig.with(Map.of("lodestone.streams.store-kind", "IN_MEMORY")));
        commands = harness.input(CommunityTopics.COUPON_DROP_COMMANDS);
        replies = harness.output(PointsTopics.POINTS_REPLIES);
        drops = harness.output(CommunityTopics.COUPON_DROPS);
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private void create(String dropId, int coupons, Instant startsAt, Instant endsAt) {
        CouponDrop drop = new CouponDrop(dropId, "grp-1", "drop", coupons, startsAt, endsAt, 0, "marketer", 1, T0);
        commands.pipeInput(
                DropCommand.key(dropId), new DropCommand(DropCommand.Type.CREATE, dropId, null, null, drop, T0), T0);
    }

    private Decision claim(String dropId, String requestId, String userId, Instant at) {
        commands.pipeInput(
                DropCommand.key(dropId),
                new DropCommand(DropCommand.Type.CLAIM, dropId, requestId, userId, null, at),
                at);
        List<Decision> answers = replies.readValuesToList().stream()
                .filter(d -> requestId.equals(d.requestId()))
                .toList();
        assertEquals(1, answers.size(), "one answer per claim");
        return answers.getFirst();
    }

    @Test
    void shouldIssueExactlyTheDropsCouponsToDistinctShoppersAndRefuseTheRestAsGone() {
        create("d1", 3, T0, null);
        int won = 0;
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Decision d = claim("d1", "r" + i, "user-" + i, T0.plusMillis(i));
            if (d.ok()) {
                won++;
                codes.add(d.couponCode());
            } else {
                assertEquals("gone", d.code());
                assertEquals(Decision.Outcome.REFUSED, d.outcome());
            }
        }
        assertEquals(3, won);
        assertEquals(3, codes.size(), "distinct codes");
        CouponDrop state =
                harness.<String, CouponDrop>store(CouponDropTopology.DROP_STORE).get("d1");
        assertEquals(3, state.issued());
        List<CouponDrop> published = drops.readValuesToList();
        assertEquals(3, published.getLast().issued());
    }

    @Test
    void shouldAnswerTheSameCouponToARetryAndRefuseAnyOtherClaimOfTheSameShopper() {
        create("d2", 5, T0, null);
        Decision first = claim("d2", "same", "alice", T0);
        Decision retry = claim("d2", "same", "alice", T0.plusSeconds(1));
        Decision other = claim("d2", "other", "alice", T0.plusSeconds(2));
        assertEquals(first.couponCode(), retry.couponCode());
        assertEquals(Decision.Outcome.DONE, retry.outcome());
        assertEquals("already_claimed", other.code());
        assertEquals(
                1,
                harness.<String, CouponDrop>store(CouponDropTopology.DROP_STORE)
                        .get("d2")
                        .issued());
    }

    @Test
    void shouldRefuseBeforeTheStartAfterTheEndAndForAnUnknownDrop() {
        create("d3", 5, T0.plusSeconds(60), T0.plusSeconds(120));
        assertEquals("not_started", claim("d3", "a", "u1", T0).code());
        assertEquals(
                Decision.Outcome.DONE,
                claim("d3", "b", "u1", T0.plusSeconds(61)).outcome());
        assertEquals("ended", claim("d3", "c", "u2", T0.plusSeconds(121)).code());
        assertEquals(Decision.Outcome.NOT_FOUND, claim("nope", "d", "u3", T0).outcome());
    }

    @Test
    void shouldMakeAWonCouponUsableOnceThroughTheGiftShop() {
        create("d4", 1, T0, null);
        TestOutputTopic<String, GiftCommand> gifts = harness.output(GiftsTopics.GIFT_COMMANDS);
        Decision won = claim("d4", "win", "bob", T0);
        List<GiftCommand> issued = gifts.readValuesToList();
        assertEquals(
                Set.of(won.couponCode()),
                issued.stream()
                        .filter(c -> c.type() == GiftCommand.Type.ISSUE_COUPON)
                        .map(GiftCommand::code)
                        .collect(Collectors.toSet()));
        TestInputTopic<String, GiftCommand> giftInput = harness.input(GiftsTopics.GIFT_COMMANDS);
        Instant later = T0.plus(Duration.ofMinutes(1));
        giftInput.pipeInput(
                GiftCommand.couponKey(won.couponCode()),
                new GiftCommand(
                        GiftCommand.Type.REDEEM_COUPON,
                        null,
                        "use-1",
                        null,
                        null,
                        null,
                        won.couponCode(),
                        null,
                        null,
                        later),
                later);
        giftInput.pipeInput(
                GiftCommand.couponKey(won.couponCode()),
                new GiftCommand(
                        GiftCommand.Type.REDEEM_COUPON,
                        null,
                        "use-2",
                        null,
                        null,
                        null,
                        won.couponCode(),
                        null,
                        null,
                        later),
                later);
        Map<String, Decision> byRequest =
                replies.readValuesToList().stream().collect(Collectors.toMap(Decision::requestId, d -> d, (a, b) -> b));
        assertNotNull(byRequest.get("use-1"));
        assertEquals(Decision.Outcome.DONE, byRequest.get("use-1").outcome());
        assertEquals("bob", byRequest.get("use-1").userId());
        assertEquals("coupon_used", byRequest.get("use-2").code());
    }

    @Test
    void shouldForgetAShoppersClaimsAndKeepTheIssuedCount() {
        create("d9", 2, T0, null);
        assertEquals(
                Decision.Outcome.DONE,
                claim("d9", "r-a", "ann", T0.plusMillis(1)).outcome());
        assertEquals(
                Decision.Outcome.DONE,
                claim("d9", "r-b", "ben", T0.plusMillis(2)).outcome());
        commands.pipeInput(
                "forget",
                new DropCommand(DropCommand.Type.FORGET_SHOPPER, null, null, "ann", null, T0.plusSeconds(1)),
                T0.plusSeconds(1));
        List<Decision> forgotten = replies.readValuesToList();
        assertEquals(List.of("r-a"), forgotten.stream().map(Decision::requestId).toList());
        assertEquals(Decision.Outcome.FORGOTTEN, forgotten.getFirst().outcome());
        for (String store : List.of(CouponDropTopology.CLAIM_STORE, CouponDropTopology.SHOPPER_STORE)) {
            try (var it = harness.<String, Object>store(store).all()) {
                it.forEachRemaining(kv -> assertFalse(kv.key.contains("ann"), store + ": " + kv.key));
            }
        }
        assertEquals(
                2,
                harness.<String, CouponDrop>store(CouponDropTopology.DROP_STORE)
                        .get("d9")
                        .issued());
        assertEquals("gone", claim("d9", "r-c", "cat", T0.plusSeconds(2)).code(), "still exactly 2 issued");
    }
}
