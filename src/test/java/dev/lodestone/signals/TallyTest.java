package dev.lodestone.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static final List<String> COUNTERS = List.of("view", "add_to_cart", "purchase", "dropped.view");

    @Test
    void countsSummedBeforeTheAggregateAddUpToTheSameDailyCounts() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Tally> tallies = new ArrayList<>();
            for (int i = 1 + random.nextInt(20); i > 0; i--) {
                tallies.add(
                        random.nextInt(4) == 0
                                ? new Tally(
                                        "category",
                                        "服装",
                                        "2026-01-01",
                                        null,
                                        0,
                                        null,
                                        Map.of(COUNTERS.get(random.nextInt(COUNTERS.size())), 1L + random.nextInt(3)),
                                        null)
                                : Tally.count(
                                        "category", "服装", "2026-01-01", COUNTERS.get(random.nextInt(COUNTERS.size()))));
            }
            DailyCounts oneByOne = DailyCounts.empty();
            for (Tally t : tallies) {
                oneByOne = oneByOne.add(t);
            }
            Tally sum = tallies.stream().reduce(Tally::plus).orElseThrow();
            DailyCounts summed = DailyCounts.empty().add(sum);

            assertEquals(oneByOne.counts(), summed.counts());
            assertEquals(
                    oneByOne.dimension() + oneByOne.value() + oneByOne.day(),
                    summed.dimension() + summed.value() + summed.day());
            assertEquals(sum.key(), tallies.get(0).key());
        }
    }

    @Test
    void onlyTalliesWithoutAmountOrExamplesAreSummedAhead() {
        assertTrue(Tally.count("carts", "all", "2026-01-01", "abandoned").countsOnly());
        assertFalse(new Tally("carts", "all", "2026-01-01", "abandoned", 1, BigDecimal.TEN).countsOnly());
        assertFalse(new Tally("feedback", "all", "2026-01-01", null, 0, null, Map.of("t:好", 1L), Map.of("t:好", "很好"))
                .countsOnly());
    }
}
