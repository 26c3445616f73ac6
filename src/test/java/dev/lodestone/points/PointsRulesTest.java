package dev.lodestone.points;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation and defaults of the earn rules. */
class PointsRulesTest {

    @Test
    void shouldRefuseAReviewDailyCapOutOfRange() {
        for (Integer cap : new Integer[] {null, -1, 1001}) {
            List<String> fields = new PointsRules(BigDecimal.ONE, 10L, 5L, 3, cap, 0L, List.of(), null)
                    .problems().stream().map(p -> p[0]).toList();
            assertEquals(List.of("reviewDailyCap"), fields, String.valueOf(cap));
        }
    }

    @Test
    void shouldCapReviewsByDefaultInRulesStoredBeforeTheCapExisted() {
        PointsRules stored = new PointsRules(BigDecimal.ONE, 10L, 5L, 3, null, 0L, List.of(), null);
        assertEquals(PointsRules.DEFAULT_REVIEW_DAILY_CAP, stored.reviewCap());
        assertEquals(List.of(), PointsRules.defaults().problems());
    }
}
