package dev.lodestone.points;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A shopper's running ledger state in the streams store. It stays this small: the daily earn counters
 * are kept for the current day only.
 *
 * @param earned sum of positive entries
 * @param spent sum of the magnitudes of negative entries
 * @param day the UTC day (engine time) the daily counters count; earlier days are forgotten
 * @param sharesToday shares that earned on {@code day}
 * @param reviewsToday reviews that earned on {@code day}
 */
public record LedgerState(
        long balance,
        long version,
        long earned,
        long spent,
        boolean purchased,
        @JsonAlias("shareDay") String day,
        int sharesToday,
        int reviewsToday) {

    public static final LedgerState EMPTY = new LedgerState(0, 0, 0, 0, false, null, 0, 0);

    public LedgerState apply(long amount) {
        return new LedgerState(
                balance + amount,
                version + 1,
                earned + Math.max(0, amount),
                spent + Math.max(0, -amount),
                purchased,
                day,
                sharesToday,
                reviewsToday);
    }

    public LedgerState withPurchased() {
        return new LedgerState(balance, version, earned, spent, true, day, sharesToday, reviewsToday);
    }

    /**
     * The state whose counters count {@code eventDay}: a later day starts them at zero; an earlier day
     * (an event received just before midnight, processed after a later one) counts on the current day,
     * so the day never moves backwards and a cap can never be earned twice.
     */
    public LedgerState on(String eventDay) {
        if (day != null && eventDay.compareTo(day) <= 0) {
            return this;
        }
        return new LedgerState(balance, version, earned, spent, purchased, eventDay, 0, 0);
    }

    public LedgerState withShare() {
        return new LedgerState(balance, version, earned, spent, purchased, day, sharesToday + 1, reviewsToday);
    }

    public LedgerState withReview() {
        return new LedgerState(balance, version, earned, spent, purchased, day, sharesToday, reviewsToday + 1);
    }
}
