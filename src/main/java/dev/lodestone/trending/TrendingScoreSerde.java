package dev.lodestone.trending;

import dev.lodestone.platform.kafka.BinarySerde;

/**
 * Compact binary serde for {@code trending-item-store} and the {@code item-trending} topic: the score of
 * an item is read and rewritten for every view, cart and purchase of it, then published and read again
 * by the projection and by each instance's in-memory lists (docs/benchmarks.md).
 *
 * <p>Layout 1 ({@link BinarySerde}): item id, top category, log score (its bits, exact), last at,
 * version. Scores held or published as JSON are still read.
 */
public final class TrendingScoreSerde extends BinarySerde<TrendingScore> {

    private static final byte FORMAT = 1;

    public TrendingScoreSerde() {
        super(FORMAT, TrendingScore.class);
    }

    @Override
    protected void write(Writer out, TrendingScore score) {
        out.string(score.itemId()).string(score.topCategory());
        out.putDouble(score.logScore()).putLong(score.lastAt()).putLong(score.version());
    }

    @Override
    protected TrendingScore read(Reader in) {
        return new TrendingScore(in.string(), in.string(), in.getDouble(), in.getLong(), in.getLong());
    }
}
