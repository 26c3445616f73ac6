package dev.lodestone.similarity.streams;

import dev.lodestone.platform.kafka.streams.CommitForwarder;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.platform.kafka.streams.WriteBackStore;
import dev.lodestone.similarity.ItemSignal;
import dev.lodestone.similarity.ItemSignalSerde;
import dev.lodestone.similarity.NeighbourList;
import dev.lodestone.similarity.NeighbourListSerde;
import dev.lodestone.similarity.SimilaritySettings;
import dev.lodestone.similarity.SimilarityTopics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Item-item co-occurrence, updated per event: signals are repartitioned by item (topic
 * {@code lodestone-similarity-signals-repartition}) so each item's list lives in one task, and
 * exactly-once covers the read of the recent items, the pair counts and the published lists.
 *
 * <p>A changed list is published to {@code item-neighbours} once per commit, when the store hands it down
 * ({@link WriteBackStore#onHandDown}), in the commit's transaction: a hot item's many pair updates between
 * two commits cost one record, and every list changed before a commit is published by it.
 */
public final class SimilarityTopology {

    public static final String REPARTITION = "similarity-signals";
    public static final String STORE = "similarity-item-store";
    public static final String AGGREGATE = "similarity-aggregate";

    /**
     * Decoded candidate lists kept per task in front of {@link #STORE}: a hot item's list is read and rewritten
     * by every signal it gets, and decoding and encoding it was the largest serde cost left in the stream
     * threads. About 10 KB each at 100 candidates.
     */
    static final int DECODED_LISTS = 1_000;

    private SimilarityTopology() {}

    /** Repartitions the signals by item; trending reads the same stream. */
    public static KStream<String, ItemSignal> byItem(KStream<String, ItemSignal> signals) {
        return signals.selectKey((shopper, signal) -> signal.itemId(), Named.as("similarity-key-by-item"))
                .repartition(Repartitioned.with(Serdes.String(), new ItemSignalSerde())
                        .withName(REPARTITION));
    }

    /** Maintains {@link #STORE} and publishes changed top-K lists to {@code item-neighbours}. */
    public static void addTo(
            StreamsBuilder builder, KStream<String, ItemSignal> byItem, SimilaritySettings settings, StoreKind stores) {
        builder.addStateStore(WriteBackStore.of(stores.keyValue(STORE, new NeighbourListSerde()), DECODED_LISTS));
        byItem.process(() -> new AggregateProcessor(settings), Named.as(AGGREGATE), STORE)
                .to(SimilarityTopics.ITEM_NEIGHBOURS.name(), SimilarityTopics.ITEM_NEIGHBOURS.produced());
    }

    static final class AggregateProcessor implements Processor<String, ItemSignal, String, NeighbourList> {
        private final SimilaritySettings settings;
        /**
         * Items changed since the last hand-down, with the time of the newest signal applied: the published
         * list carries it, as any other derived record carries its input's time, so the freshness of
         * neighbours is measured from the events and not from the commit.
         */
        private final Map<String, Long> changed = new HashMap<>();

        private KeyValueStore<String, NeighbourList> store;
        private CommitForwarder<String, NeighbourList> publication;

        AggregateProcessor(SimilaritySettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, NeighbourList> context) {
            this.store = context.getStateStore(STORE);
            this.publication = CommitForwarder.of(context);
            WriteBackStore.<NeighbourList>under(store).onHandDown(this::publish);
        }

        @Override
        public void process(Record<String, ItemSignal> record) {
            NeighbourList before = store.get(record.key());
            NeighbourList after = (before == null ? NeighbourList.empty(record.key()) : before)
                    .apply(record.value(), settings.candidates());
            store.put(record.key(), after);
            changed.merge(record.key(), record.timestamp(), Math::max);
        }

        /** Publishes the top of a list this processor changed, as the store hands it down before a commit. */
        private void publish(String item, NeighbourList list) {
            Long newestSignal = changed.remove(item);
            if (newestSignal != null && list != null) {
                publication.forward(new Record<>(item, list.top(settings.neighbours()), newestSignal));
            }
        }

        @Override
        public void close() {
            changed.clear();
        }
    }
}
