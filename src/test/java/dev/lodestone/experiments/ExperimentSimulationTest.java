package dev.lodestone.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.shopper.EventType;
import dev.lodestone.shopper.ShopperEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulated experiments, no broker: shoppers see impressions and click, cart and buy with set
 * probabilities; their events go through the same per-shopper fold and variant sums as the topology
 * ({@link ShopperExposure#delta}, {@link VariantTotals#plus}); the results are read with the engine's
 * statistics. Every random number comes from a seeded generator.
 */
class ExperimentSimulationTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final double ALPHA = 0.05;
    private static final double LIFT = 0.1;
    private static final double SRM = 0.001;

    /** How a simulated shopper of one variant behaves. */
    record Behaviour(double clickProbability, double buyProbability, double meanOrder) {}

    static final Behaviour BASE = new Behaviour(0.05, 0.03, 40);

    private static Experiment fiftyFifty(String id) {
        return new Experiment(
                id,
                List.of(new Experiment.Variant("control", 50, Map.of()), new Experiment.Variant("b", 50, Map.of())),
                true,
                T,
                null,
                T,
                1);
    }

    /**
     * Runs {@code shoppers} simulated shoppers.
     *
     * @param actualShareOfControl null: assign by the engine's hash; else: put each shopper in the control
     *     with this probability, whatever the configuration says (a broken split)
     */
    static ExperimentResults simulate(
            Experiment experiment,
            int shoppers,
            long seed,
            Behaviour control,
            Behaviour b,
            Double actualShareOfControl) {
        SplittableRandom random = new SplittableRandom(seed);
        VariantTotals[] totals = {VariantTotals.empty("x", "control"), VariantTotals.empty("x", "b")};
        for (int s = 0; s < shoppers; s++) {
            String shopperKey = "u:sim-" + seed + "-" + s;
            int arm = actualShareOfControl == null
                    ? (experiment.assign(shopperKey).name().equals("control") ? 0 : 1)
                    : (random.nextDouble() < actualShareOfControl ? 0 : 1);
            Behaviour behaviour = arm == 0 ? control : b;
            ShopperExposure exposure = null;
            String variant = arm == 0 ? "control" : "b";
            List<ShopperEvent> events = new ArrayList<>();
            int impressions = 1 + random.nextInt(10);
            for (int i = 0; i < impressions; i++) {
                events.add(event(EventType.IMPRESSION, null));
                if (random.nextDouble() < behaviour.clickProbability()) {
                    events.add(event(EventType.CLICK, null));
                }
            }
            if (random.nextDouble() < behaviour.buyProbability()) {
                events.add(event(EventType.ADD_TO_CART, null));
                double amount = -behaviour.meanOrder() * Math.log(1 - random.nextDouble());
                events.add(event(EventType.PURCHASE, BigDecimal.valueOf(Math.round(amount * 100) / 100.0)));
            }
            for (ShopperEvent e : events) {
                ShopperExposure after = (exposure == null ? ShopperExposure.start(variant) : exposure).apply(e);
                totals[arm] = totals[arm].plus(after.delta(experiment.experimentId(), exposure));
                exposure = after;
            }
        }
        return ExperimentResults.of(experiment, List.of(totals), ALPHA, LIFT, SRM);
    }

    private static ShopperEvent event(EventType type, BigDecimal price) {
        return new ShopperEvent(
                "e", type, "sim", null, "i", price == null ? null : 1, price, null, null, null, "x~v~0", T, null, T);
    }

    private static ExperimentResults.VersusControl versus(ExperimentResults results) {
        return results.variants().get(1).versusControl();
    }

    @Test
    void shouldFindNoDifferenceAndNoSampleRatioMismatchInAnAaTestOf20000Shoppers() {
        ExperimentResults results = simulate(fiftyFifty("aa"), 20_000, 1, BASE, BASE, null);

        assertEquals(
                20_000,
                results.variants().get(0).exposures()
                        + results.variants().get(1).exposures());
        assertFalse(
                versus(results).ctr().significant(),
                () -> "CTR " + versus(results).ctr());
        assertFalse(
                versus(results).conversion().significant(),
                () -> "conversion " + versus(results).conversion());
        assertFalse(
                versus(results).revenuePerShopper().significant(),
                () -> "revenue " + versus(results).revenuePerShopper());
        assertFalse(results.sampleRatio().flagged(), () -> "SRM " + results.sampleRatio());
        assertTrue(results.sampleRatio().pValue() > SRM);
    }

    @Test
    void shouldKeepFalseAlarmsBelowAlphaAcrossManyAaTests() {
        int alarms = 0;
        int runs = 40;
        for (long seed = 100; seed < 100 + runs; seed++) {
            ExperimentResults results = simulate(fiftyFifty("aa-" + seed), 5_000, seed, BASE, BASE, null);
            ExperimentResults.VersusControl v = versus(results);
            if (v.ctr().significant()
                    || v.conversion().significant()
                    || v.revenuePerShopper().significant()) {
                alarms++;
            }
        }
        // Three metrics per run at alpha = 0.05 each: at most 15 % of runs by the bound, far fewer in practice.
        assertTrue(alarms <= runs * 3 * ALPHA, "false alarms: " + alarms + " of " + runs);
    }

    @Test
    void shouldDetectTwentyPercentMoreClicksInVariantB() {
        Behaviour better = new Behaviour(BASE.clickProbability() * 1.2, BASE.buyProbability(), BASE.meanOrder());
        ExperimentResults results = simulate(fiftyFifty("ab"), 20_000, 2, BASE, better, null);

        ExperimentResults.Comparison ctr = versus(results).ctr();
        assertTrue(ctr.significant(), () -> "CTR " + ctr);
        assertTrue(ctr.alwaysValidLow() > 0, () -> "CTR " + ctr);
        assertTrue(ctr.relative() > 0.1 && ctr.relative() < 0.3, () -> "relative lift " + ctr.relative());
        assertTrue(ctr.pValue() < ALPHA);
        assertFalse(results.sampleRatio().flagged());
    }

    @Test
    void shouldFlagASampleRatioMismatchWhenA5050SplitDelivers45To55() {
        ExperimentResults results = simulate(fiftyFifty("srm"), 20_000, 3, BASE, BASE, 0.45);

        assertTrue(results.sampleRatio().flagged(), () -> "SRM " + results.sampleRatio());
        assertTrue(results.sampleRatio().pValue() < SRM);
        assertEquals(1, results.sampleRatio().degreesOfFreedom());
    }

    @Test
    void shouldNotFlagTheSplitTheHashDelivers() {
        ExperimentResults results = simulate(fiftyFifty("hash"), 20_000, 4, BASE, BASE, null);
        long control = results.variants().get(0).exposures();
        assertTrue(Math.abs(control - 10_000) < 4 * Math.sqrt(20_000 * 0.25), "control got " + control);
        assertFalse(results.sampleRatio().flagged());
    }

    @Test
    void shouldComputeTheChiSquareTailOfKnownValues() {
        assertEquals(0.05, Statistics.chiSquareSurvival(3.841458820694124, 1), 1e-9);
        assertEquals(0.001, Statistics.chiSquareSurvival(10.827566170662733, 1), 1e-9);
        assertEquals(0.05, Statistics.chiSquareSurvival(5.991464547107979, 2), 1e-9);
        assertEquals(0.01, Statistics.chiSquareSurvival(21.665994333461924, 9), 1e-9);
        assertEquals(1.0, Statistics.chiSquareSurvival(0, 3), 0);
    }

    @Test
    void shouldWidenTheAlwaysValidIntervalBeyondTheFixedOne() {
        ExperimentResults results = simulate(fiftyFifty("width"), 20_000, 5, BASE, BASE, null);
        ExperimentResults.Comparison ctr = versus(results).ctr();
        assertTrue(ctr.alwaysValidLow() < ctr.low() && ctr.alwaysValidHigh() > ctr.high(), () -> "" + ctr);
    }
}
