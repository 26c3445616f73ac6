package dev.lodestone.platform.kafka.streams;

import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops records whose id was already seen for the same record key within the retention, by record
 * time. Ids are remembered per key ({@code <key>,<id>}): keys and ids never contain a comma, so the
 * same id under two keys is two records, and no key can mark another key's ids as seen.
 *
 * <p>The seen-ids store lives in the same task as every downstream store, so under exactly-once the
 * "already seen?", the state change and "mark seen" commit together. The store is bounded: a window
 * store that drops segments older than the retention.
 *
 * <p>Ids are filed under the start of their time bucket ({@value #BUCKETS} per retention), not under
 * their own timestamp: a lookup then visits a bounded number of windows, which keeps the in-memory
 * store (one map per window start) from growing linear in the events seen. Expiry is therefore
 * accurate to one bucket (about an hour for 7 days).
 */
public final class Dedupe<V> implements FixedKeyProcessorSupplier<String, V, V> {

    static final int BUCKETS = 168;

    /** Between the record key and the id in the seen-ids store; ids never contain it. */
    static final char SEPARATOR = ',';

    private final String storeName;
    private final Duration retention;
    private final Function<V, String> idOf;

    private final StoreKind storeKind;

    public Dedupe(String storeName, Duration retention, StoreKind storeKind, Function<V, String> idOf) {
        this.storeName = storeName;
        this.storeKind = storeKind;
        this.retention = retention;
        this.idOf = idOf;
    }

    public StoreBuilder<WindowStore<String, Long>> storeBuilder() {
        return Stores.windowStoreBuilder(
                storeKind.window(storeName, retention, retention), Serdes.String(), Serdes.Long());
    }

    @Override
    public FixedKeyProcessor<String, V, V> get() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, V> context;
            private WindowStore<String, Long> seen;

            @Override
            public void init(FixedKeyProcessorContext<String, V> context) {
                this.context = context;
                this.seen = context.getStateStore(storeName);
            }

            @Override
            public void process(FixedKeyRecord<String, V> record) {
                String id = record.key() + SEPARATOR + idOf.apply(record.value());
                long at = record.timestamp();
                long retentionMs = retention.toMillis();
                long bucketMs = Math.max(1, retentionMs / BUCKETS);
                long from = Math.max(0, at - retentionMs);
                long to = at > Long.MAX_VALUE - retentionMs ? Long.MAX_VALUE : at + retentionMs;
                try (WindowStoreIterator<Long> hits = seen.fetch(id, from, to)) {
                    if (hits.hasNext()) {
                        return;
                    }
                }
                seen.put(id, at, at - Math.floorMod(at, bucketMs));
                context.forward(record);
            }
        };
    }
}
