package dev.lodestone.trending.streams;

import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.similarity.ItemSignal;
import dev.lodestone.trending.TrendingScore;
import dev.lodestone.trending.TrendingTopics;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Time-decayed item popularity from the item-keyed signals; the Redis projection keeps the top lists. */
public final class TrendingTopology {

    public static final String STORE = "trending-item-store";
    public static final String AGGREGATE = "trending-aggregate";

    private TrendingTopology() {}

    public static void addTo(
            StreamsBuilder builder, KStream<String, ItemSignal> byItem, Duration halfLife, StoreKind stores) {
        builder.addStateStore(stores.keyValue(STORE, TrendingTopics.ITEM_TRENDING.valueSerde()));
        long halfLifeMs = halfLife.toMillis();
        byItem.filter((item, signal) -> signal.isEngagement(), Named.as("trending-engagements"))
                .process(
                        () -> new Processor<String, ItemSignal, String, TrendingScore>() {
                            private ProcessorContext<String, TrendingScore> context;
                            private KeyValueStore<String, TrendingScore> store;

                            @Override
                            public void init(ProcessorContext<String, TrendingScore> context) {
                                this.context = context;
                                this.store = context.getStateStore(STORE);
                            }

                            @Override
                            public void process(Record<String, ItemSignal> record) {
                                ItemSignal signal = record.value();
                                TrendingScore before = store.get(record.key());
                                if (before == null) {
                                    before = new TrendingScore(record.key(), null, 0, 0, 0);
                                }
                                TrendingScore after =
                                        before.add(signal.engaged(), signal.at(), signal.topCategory(), halfLifeMs);
                                store.put(record.key(), after);
                                context.forward(record.withValue(after));
                            }
                        },
                        Named.as(AGGREGATE),
                        STORE)
                .to(TrendingTopics.ITEM_TRENDING.name(), TrendingTopics.ITEM_TRENDING.produced());
    }
}
