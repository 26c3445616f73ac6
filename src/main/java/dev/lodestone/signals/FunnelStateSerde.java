package dev.lodestone.signals;

import dev.lodestone.platform.kafka.BinarySerde;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compact binary serde for {@code signals-funnel-store}: the funnel reads and rewrites a shopper's open
 * journeys for most events, and their JSON was a twentieth of the StreamThreads' time (docs/benchmarks.md).
 *
 * <p>Layout 1 ({@link BinarySerde}): the journeys as count and entries (key, dimension, value, start,
 * step, items as a count, -1 for none, and the item ids), then the due time as a presence byte and
 * epoch milliseconds.
 */
public final class FunnelStateSerde extends BinarySerde<FunnelState> {

    private static final byte FORMAT = 1;

    public FunnelStateSerde() {
        super(FORMAT, FunnelState.class);
    }

    @Override
    protected void write(Writer out, FunnelState state) {
        out.count(state.journeys());
        state.journeys().forEach((key, journey) -> {
            out.string(key).string(journey.dimension()).string(journey.value());
            out.instant(journey.start()).putInt(journey.step());
            if (journey.items() == null) {
                out.putInt(-1);
            } else {
                out.count(journey.items());
                journey.items().forEach(out::string);
            }
        });
        out.bool(state.due() != null);
        if (state.due() != null) {
            out.putLong(state.due());
        }
    }

    @Override
    protected FunnelState read(Reader in) {
        int count = in.getInt();
        Map<String, Journey> journeys = new HashMap<>(capacity(count));
        for (int i = 0; i < count; i++) {
            String key = in.string();
            String dimension = in.string();
            String value = in.string();
            Instant start = in.instant();
            int step = in.getInt();
            int itemCount = in.getInt();
            Set<String> items = null;
            if (itemCount >= 0) {
                String[] ids = new String[itemCount];
                for (int j = 0; j < itemCount; j++) {
                    ids[j] = in.string();
                }
                items = Set.of(ids);
            }
            journeys.put(key, new Journey(dimension, value, start, step, items));
        }
        Long due = in.bool() ? in.getLong() : null;
        return new FunnelState(Collections.unmodifiableMap(journeys), due);
    }
}
