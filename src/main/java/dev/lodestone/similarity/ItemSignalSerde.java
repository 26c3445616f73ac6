package dev.lodestone.similarity;

import dev.lodestone.platform.kafka.BinarySerde;
import java.util.List;

/**
 * Compact binary serde for the {@code similarity-signals} repartition topic: about four signals per
 * event go through it, and their JSON, written and read again within the engine, was a thirteenth of
 * the StreamThreads' time (docs/benchmarks.md). JSON records left in the topic by an older engine are
 * still read.
 *
 * <p>Layout 1 ({@link BinarySerde}): item, engagement weight, time, top category, then the pairs as a
 * count and (other item, weight, next) each.
 */
public final class ItemSignalSerde extends BinarySerde<ItemSignal> {

    private static final byte FORMAT = 1;

    public ItemSignalSerde() {
        super(FORMAT, ItemSignal.class);
    }

    @Override
    protected void write(Writer out, ItemSignal signal) {
        out.string(signal.itemId())
                .putDouble(signal.engaged())
                .putLong(signal.at())
                .string(signal.topCategory());
        out.count(signal.pairs());
        for (ItemSignal.Pair pair : signal.pairs()) {
            out.string(pair.other()).putDouble(pair.weight()).bool(pair.next());
        }
    }

    @Override
    protected ItemSignal read(Reader in) {
        String itemId = in.string();
        double engaged = in.getDouble();
        long at = in.getLong();
        String topCategory = in.string();
        ItemSignal.Pair[] pairs = new ItemSignal.Pair[in.getInt()];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new ItemSignal.Pair(in.string(), in.getDouble(), in.bool());
        }
        return new ItemSignal(itemId, engaged, List.of(pairs), at, topCategory);
    }
}
