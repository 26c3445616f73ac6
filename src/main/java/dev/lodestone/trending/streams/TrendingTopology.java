package dev.lodestone.trending.streams;

import dev.lodestone.platform.kafka.streams.CommitForwarder;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.platform.kafka.streams.WriteBackStore;
import dev.lodestone.similarity.ItemSignal;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.TrendingTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Time-decayed item popularity from the item-keyed signals; the Redis projection keeps the top lists.
 *
 * <p>A changed score is published to {@code item-trending} once per commit, when the store hands it down
 * ({@link WriteBackStore#onHandDown}), in the commit's transaction: with popularity skewed as a shop's is,
 * a few items take most engagements, and each of them cost one record per engagement before; only the
 * newest score of an item counts downstream (the topic is compacted, the lists keep each item's best).
 */
public final class TrendingTopology {

    public static final String STORE = "trending-item-store";
    public static final String AGGREGATE = "trending-aggregate";

    /** Decoded scores kept per task in front of {@link #STORE}: about 100 bytes each. */
    static final int DECODED_SCORES = 10_000;

    private TrendingTopology() {}

    public static void addTo(
            StreamsBuilder builder, KStream<String, ItemSignal> byItem, Duration halfLife, StoreKind stores) {
        builder.addStateStore(
                WriteBackStore.of(stores.keyValue(STORE, TrendingTopics.ITEM_TRENDING.valueSerde()), DECODED_SCORES));
        byItem.filter((item, signal) -> signal.isEngagement(), Named.as("trending-engagements"))
                .process(() -> new AggregateProcessor(halfLife.toMillis()), Named.as(AGGREGATE), STORE)
                .to(TrendingTopics.ITEM_TRENDING.name(), TrendingTopics.ITEM_TRENDING.produced());
    }

    static final class AggregateProcessor implements Processor<String, ItemSignal, String, TrendingScore> {
        private final long halfLifeMs;
        /** Items whose score changed since the last hand-down, with the time of the newest engagement applied. */
        private final Map<String, Long> changed = new HashMap<>();

        private KeyValueStore<String, TrendingScore> store;
        private CommitForwarder<String, TrendingScore> publication;

        AggregateProcessor(long halfLifeMs) {
            this.halfLifeMs = halfLifeMs;
        }

        @Override
        public void init(ProcessorContext<String, TrendingScore> context) {
            this.store = context.getStateStore(STORE);
            this.publication = CommitForwarder.of(context);
            WriteBackStore.<TrendingScore>under(store).onHandDown(this::publish);
        }

        @Override
        public void process(Record<String, ItemSignal> record) {
            ItemSignal signal = record.value();
            TrendingScore before = store.get(record.key());
            if (before == null) {
                before = new TrendingScore(record.key(), null, 0, 0, 0);
            }
            store.put(record.key(), before.add(signal.engaged(), signal.at(), signal.topCategory(), halfLifeMs));
            changed.merge(record.key(), record.timestamp(), Math::max);
        }

        /** Publishes a score this processor changed, as the store hands it down before a commit. */
        private void publish(String item, TrendingScore score) {
            Long newestEngagement = changed.remove(item);
            if (newestEngagement != null && score != null) {
                publication.forward(new Record<>(item, score, newestEngagement));
            }
        }

        @Override
        public void close() {
            changed.clear();
        }
    }
}
