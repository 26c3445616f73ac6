package dev.lodestone.points;

/**
 * A shopper's running ledger state in the streams store.
 *
 * @param earned sum of positive entries
 * @param spent sum of the magnitudes of negative entries
 * @param shareDay the UTC day {@code sharesToday} counts
 */
public record LedgerState(
        long balance, long version, long earned, long spent, boolean purchased, String shareDay, int sharesToday) {

    public static final LedgerState EMPTY = new LedgerState(0, 0, 0, 0, false, null, 0);

    public LedgerState apply(long amount) {
        return new LedgerState(
                balance + amount,
                version + 1,
                earned + Math.max(0, amount),
                spent + Math.max(0, -amount),
                purchased,
                shareDay,
                sharesToday);
    }

    public LedgerState withPurchased() {
        return new LedgerState(balance, version, earned, spent, true, shareDay, sharesToday);
    }

    public LedgerState withShare(String day) {
        int count = day.equals(shareDay) ? sharesToday + 1 : 1;
        return new LedgerState(balance, version, earned, spent, purchased, day, count);
    }

    public int sharesOn(String day) {
        return day.equals(shareDay) ? sharesToday : 0;
    }
}
