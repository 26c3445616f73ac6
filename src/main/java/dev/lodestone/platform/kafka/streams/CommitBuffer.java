package dev.lodestone.platform.kafka.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Increments summed per key in a task's memory until Kafka Streams flushes the task's caches before a
 * commit, then handed to a listener once per key, in the order each key was first written, and dropped:
 * for records that only add up downstream (daily counters), where one record per key and commit carries
 * what one per input record did.
 *
 * <p>No changelog, and none needed: the listener forwards what it is handed ({@link CommitForwarder}) in
 * the commit's transaction, ahead of the producer's flush, so the sums leave with the offsets of the inputs
 * that made them. A task closed without committing (a crash, a fenced producer) drops the buffer, and
 * its inputs are processed again from the last commit. Only for processors whose inputs all arrive while
 * records are processed or punctuated: a value added while another store hands its values down in the
 * same flush would wait for the next commit, after its input's offset was committed.
 */
public final class CommitBuffer<V> implements StateStore, CachedStateStore<String, V> {

    private final String name;
    private final Map<String, V> pending = new LinkedHashMap<>();
    private BiConsumer<String, V> handedDown = (key, value) -> {};
    private boolean open;

    private CommitBuffer(String name) {
        this.name = name;
    }

    /** A buffer named {@code name}, for {@code StreamsBuilder.addStateStore} and the processor that uses it. */
    public static <V> StoreBuilder<CommitBuffer<V>> builder(String name) {
        return new Builder<>(name);
    }

    /** The buffer a processor connected to it finds in its context. */
    @SuppressWarnings("unchecked")
    public static <V> CommitBuffer<V> in(ProcessorContext<?, ?> context, String name) {
        return (CommitBuffer<V>) context.<StateStore>getStateStore(name);
    }

    /** Adds {@code value} to what the buffer holds for {@code key}, with {@code sum}. */
    public void add(String key, V value, BinaryOperator<V> sum) {
        pending.merge(key, value, sum);
    }

    /**
     * Tells {@code listener} each key and its sum when Kafka Streams flushes the task's caches before a
     * commit. One listener per buffer.
     */
    public void onHandDown(BiConsumer<String, V> listener) {
        this.handedDown = listener;
    }

    /** Keys held for the next hand-down. */
    public int size() {
        return pending.size();
    }

    @Override
    public void flushCache() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, V> out = new LinkedHashMap<>(pending);
        pending.clear();
        out.forEach(handedDown);
    }

    @Override
    public void clearCache() {
        pending.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {});
        open = true;
    }

    /**
     * Nothing: the sums left at the flush of the caches, which precedes this one. Handing them down here
     * could send them after the commit of their inputs' offsets.
     */
    @Override
    public void flush() {}

    @Override
    public void close() {
        pending.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder<V>(String name) implements StoreBuilder<CommitBuffer<V>> {

        @Override
        public StoreBuilder<CommitBuffer<V>> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitBuffer<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitBuffer<V>> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("a commit buffer has no changelog: it is empty after each commit");
        }

        @Override
        public StoreBuilder<CommitBuffer<V>> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitBuffer<V> build() {
            return new CommitBuffer<>(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
