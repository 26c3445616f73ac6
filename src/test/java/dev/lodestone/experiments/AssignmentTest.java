package dev.lodestone.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deterministic assignment: the same shopper in the same variant everywhere, shares as configured. */
class AssignmentTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Experiment experiment(String id, int... shares) {
        List<Experiment.Variant> variants = new java.util.ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            variants.add(new Experiment.Variant(i == 0 ? "control" : "v" + i, shares[i], Map.of()));
        }
        return new Experiment(id, variants, true, T, null, T, 1);
    }

    @Test
    void shouldPutTheSameShopperInTheSameBucketInEveryProcess() {
        // Fixed values: a SHA-256 of the ids, so any instance, before or after any restart, computes these.
        assertEquals(Assignment.bucket("ranking-test", "u:alice"), Assignment.bucket("ranking-test", "u:alice"));
        assertEquals(2_627, Assignment.bucket("ranking-test", "u:alice"));
        assertEquals(622, Assignment.bucket("ranking-test", "u:bob"));
        Experiment once = experiment("ranking-test", 50, 50);
        Experiment again = experiment("ranking-test", 50, 50);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(once.assign("u:" + i).name(), again.assign("u:" + i).name());
        }
    }

    @Test
    void shouldMatchTheConfiguredSharesWithinSamplingErrorOn100000Shoppers() {
        int[][] splits = {{50, 50}, {10, 90}, {20, 30, 50}};
        for (int[] shares : splits) {
            Experiment experiment = experiment("shares-" + shares.length + "-" + shares[0], shares);
            int n = 100_000;
            long[] counts = new long[shares.length];
            for (int s = 0; s < n; s++) {
                Experiment.Variant v = experiment.assign("u:shopper-" + s);
                counts[experiment.variants().indexOf(v)]++;
            }
            double chi = 0;
            for (int i = 0; i < shares.length; i++) {
                double p = shares[i] / 100.0;
                double expected = n * p;
                double sd = Math.sqrt(n * p * (1 - p));
                assertTrue(
                        Math.abs(counts[i] - expected) < 4 * sd,
                        "variant " + i + " got " + counts[i] + " of " + n + ", expected " + expected + " ± " + 4 * sd);
                chi += (counts[i] - expected) * (counts[i] - expected) / expected;
            }
            double p = Statistics.chiSquareSurvival(chi, shares.length - 1);
            assertTrue(p > 0.001, "chi-square p = " + p + " for " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void shouldReshuffleShoppersIndependentlyPerExperiment() {
        Experiment a = experiment("first", 50, 50);
        Experiment b = experiment("second", 50, 50);
        int same = 0;
        for (int s = 0; s < 10_000; s++) {
            if (a.assign("u:" + s).name().equals(b.assign("u:" + s).name())) {
                same++;
            }
        }
        assertTrue(Math.abs(same - 5_000) < 4 * 50, "agreement " + same);
    }

    @Test
    void shouldCarryTheExperimentAndVariantInTheRecommendationId() {
        String id = RecommendationIds.of("ranking-test", "b");
        assertTrue(id.length() <= 128);
        assertEquals(new RecommendationIds.Arm("ranking-test", "b"), RecommendationIds.arm(id));
        assertNull(RecommendationIds.arm("2f1c3e0a-8a5e-4a52-9a7d-2d5c0c9a8b11"));
        assertNull(RecommendationIds.arm("a~b~c~d"));
        assertNull(RecommendationIds.arm("~b~c"));
        assertNull(RecommendationIds.arm(null));
        assertFalse(RecommendationIds.of("x", "y").contains(","));
    }
}
