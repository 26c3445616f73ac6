package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The earn rules marketers change at run time, kept in the compacted topic {@code points-rules}.
 *
 * @param purchasePointsPerUnit points per currency unit of {@code price × quantity}, rounded down
 * @param reviewPoints fixed points for a review
 * @param sharePoints fixed points for a share
 * @param shareDailyCap most shares per shopper and UTC day that earn
 * @param reviewDailyCap most reviews per shopper and UTC day that earn (each item earns once anyway);
 *     null in rules stored before it existed, meaning {@link #DEFAULT_REVIEW_DAILY_CAP}
 * @param firstPurchaseBonus extra points on a shopper's first purchase
 * @param campaigns multipliers over time ranges; the highest matching one applies, they do not stack
 *
 * <p>Days and campaign ranges are read on the engine's clock: the time the intake received the event
 * ({@code receivedAt}), never the client's {@code occurredAt}, which a client can back-date.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PointsRules(
        BigDecimal purchasePointsPerUnit,
        Long reviewPoints,
        Long sharePoints,
        Integer shareDailyCap,
        Integer reviewDailyCap,
        Long firstPurchaseBonus,
        List<Campaign> campaigns,
        Instant updatedAt) {

    public static final long MAX_POINTS = 1_000_000_000L;

    public static final int DEFAULT_REVIEW_DAILY_CAP = 5;

    /**
     * A multiplier on every earn between {@code from} (inclusive) and {@code to} (exclusive), by the
     * time the engine received the event.
     *
     * @param category when set, only events whose {@code context.category} equals it; events that carry
     *     no category never match such a campaign (the catalog is not consulted)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Campaign(String id, BigDecimal multiplier, Instant from, Instant to, String category) {}

    public static PointsRules defaults() {
        return new PointsRules(BigDecimal.ONE, 10L, 5L, 3, DEFAULT_REVIEW_DAILY_CAP, 0L, List.of(), null);
    }

    /** {@link #reviewDailyCap}, or its default for rules stored before it existed. */
    public int reviewCap() {
        return reviewDailyCap == null ? DEFAULT_REVIEW_DAILY_CAP : reviewDailyCap;
    }

    /** The multiplier for an earn at {@code at}, 1 when no campaign matches. */
    public BigDecimal multiplier(Instant at, String category) {
        BigDecimal best = BigDecimal.ONE;
        for (Campaign c : campaigns == null ? List.<Campaign>of() : campaigns) {
            boolean inTime = (c.from() == null || !at.isBefore(c.from())) && (c.to() == null || at.isBefore(c.to()));
            boolean inCategory = c.category() == null || c.category().equals(category);
            if (inTime && inCategory && c.multiplier().compareTo(best) > 0) {
                best = c.multiplier();
            }
        }
        return best;
    }

    public static long floor(BigDecimal value) {
        return Math.min(MAX_POINTS, value.setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /** Problems with these rules as {@code field: reason}, empty when valid. */
    public List<String[]> problems() {
        List<String[]> problems = new ArrayList<>();
        if (purchasePointsPerUnit == null
                || purchasePointsPerUnit.signum() < 0
                || purchasePointsPerUnit.compareTo(BigDecimal.valueOf(10_000)) > 0) {
            problems.add(new String[] {"purchasePointsPerUnit", "must be a number from 0 to 10000"});
        }
        nonNegative(problems, "reviewPoints", reviewPoints);
        nonNegative(problems, "sharePoints", sharePoints);
        nonNegative(problems, "firstPurchaseBonus", firstPurchaseBonus);
        if (shareDailyCap == null || shareDailyCap < 0 || shareDailyCap > 1000) {
            problems.add(new String[] {"shareDailyCap", "must be an integer from 0 to 1000"});
        }
        if (reviewDailyCap == null || reviewDailyCap < 0 || reviewDailyCap > 1000) {
            problems.add(new String[] {"reviewDailyCap", "must be an integer from 0 to 1000"});
        }
        List<Campaign> list = campaigns == null ? List.of() : campaigns;
        if (list.size() > 100) {
            problems.add(new String[] {"campaigns", "at most 100"});
        }
        for (int i = 0; i < list.size(); i++) {
            Campaign c = list.get(i);
            String f = "campaigns[" + i + "]";
            if (c == null) {
                problems.add(new String[] {f, "must be an object"});
                continue;
            }
            if (c.multiplier() == null
                    || c.multiplier().signum() <= 0
                    || c.multiplier().compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(new String[] {f + ".multiplier", "must be a number above 0 and at most 100"});
            }
            if (c.from() != null && c.to() != null && !c.from().isBefore(c.to())) {
                problems.add(new String[] {f + ".to", "must be after from"});
            }
        }
        return problems;
    }

    private static void nonNegative(List<String[]> problems, String field, Long value) {
        if (value == null || value < 0 || value > MAX_POINTS) {
            problems.add(new String[] {field, "must be an integer from 0 to " + MAX_POINTS});
        }
    }
}
