package dev.lodestone.experiments.streams;

import dev.lodestone.experiments.ExperimentsTopics;
import dev.lodestone.experiments.RecommendationIds;
import dev.lodestone.experiments.ShopperExperiments;
import dev.lodestone.experiments.ShopperExposure;
import dev.lodestone.experiments.VariantTotals;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Attribution of recommendation feedback to experiment variants. Impressions, clicks, carts and
 * purchases that echo a {@code recommendationId} made under an experiment ({@link RecommendationIds})
 * update the shopper's exposure in {@link #SHOPPER_STORE}, in the task of the shopper's partition; the
 * change of the shopper's counts (and squared counts) is repartitioned by variant and summed in
 * {@link #VARIANT_STORE}, whose every change goes to {@code experiment-results}.
 */
public final class ExperimentsTopology {

    public static final String SHOPPER_STORE = "experiments-shopper-store";
    public static final String VARIANT_STORE = "experiments-variant-store";
    public static final String ATTRIBUTE = "experiments-attribute";
    public static final String AGGREGATE = "experiments-variant-aggregate";

    private ExperimentsTopology() {}

    /** What the attribution reads: an attributed event, or the request to forget the shopper. */
    public record Input(ShopperEvent event, ForgetRequest forget) {}

    /** @param forget requests to forget a shopper, keyed by shopper key like {@code events} */
    public static void addTo(
            StreamsBuilder builder,
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            StoreKind stores) {
        builder.addStateStore(stores.jsonKeyValue(SHOPPER_STORE, ShopperExperiments.class));
        KStream<String, Input> input = events.filter(
                        (key, e) -> ShopperExposure.attributed(e.type())
                                && RecommendationIds.arm(e.recommendationId()) != null,
                        Named.as("experiments-attributed-events"))
                .mapValues(e -> new Input(e, null), Named.as("experiments-event-in"))
                .merge(
                        forget.mapValues(f -> new Input(null, f), Named.as("experiments-forget-in")),
                        Named.as("experiments-input"));
        input.process(AttributionProcessor::new, Named.as(ATTRIBUTE), SHOPPER_STORE)
                .groupByKey(Grouped.with(
                        "experiments-variant-group",
                        Serdes.String(),
                        ExperimentsTopics.EXPERIMENT_RESULTS.valueSerde()))
                .aggregate(
                        () -> VariantTotals.empty(null, null),
                        (key, delta, totals) -> totals.plus(delta),
                        Named.as(AGGREGATE),
                        stores.<String, VariantTotals>materialized(VARIANT_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(ExperimentsTopics.EXPERIMENT_RESULTS.valueSerde()))
                .toStream(Named.as("experiments-variant-changes"))
                .to(ExperimentsTopics.EXPERIMENT_RESULTS.name(), ExperimentsTopics.EXPERIMENT_RESULTS.produced());
    }

    /** Keeps each shopper's exposures and forwards the change of the variant's totals, keyed by variant. */
    static final class AttributionProcessor implements Processor<String, Input, String, VariantTotals> {
        private ProcessorContext<String, VariantTotals> context;
        private KeyValueStore<String, ShopperExperiments> store;

        @Override
        public void init(ProcessorContext<String, VariantTotals> context) {
            this.context = context;
            this.store = context.getStateStore(SHOPPER_STORE);
        }

        @Override
        public void process(Record<String, Input> record) {
            String shopperKey = record.key();
            if (shopperKey == null) {
                return;
            }
            if (record.value().forget() != null) {
                // The variant totals name nobody and keep the shopper's past contribution.
                store.delete(shopperKey);
                return;
            }
            ShopperEvent event = record.value().event();
            RecommendationIds.Arm arm = RecommendationIds.arm(event.recommendationId());
            ShopperExperiments current = store.get(shopperKey);
            Map<String, ShopperExposure> byExperiment =
                    current == null ? new HashMap<>() : new HashMap<>(current.byExperiment());
            ShopperExposure before = byExperiment.get(arm.experiment());
            if (before != null && !before.variant().equals(arm.variant())) {
                // A shopper stays in the variant they were first seen in (shares changed mid-way, or a stale id).
                return;
            }
            ShopperExposure after = (before == null ? ShopperExposure.start(arm.variant()) : before).apply(event);
            byExperiment.put(arm.experiment(), after);
            store.put(shopperKey, new ShopperExperiments(byExperiment));
            context.forward(record.withKey(arm.experiment() + RecommendationIds.SEPARATOR + arm.variant())
                    .withValue(after.delta(arm.experiment(), before)));
        }
    }
}
