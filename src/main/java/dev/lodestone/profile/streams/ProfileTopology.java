package dev.lodestone.profile.streams;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.streams.CatalogLookup;
import dev.lodestone.platform.kafka.streams.CommitForwarder;
import dev.lodestone.platform.kafka.streams.EventTime;
import dev.lodestone.platform.kafka.streams.StoreKind;
import dev.lodestone.platform.kafka.streams.WriteBackStore;
import dev.lodestone.profile.ProfileSettings;
import dev.lodestone.profile.ProfileTopics;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.profile.ShopperProfileSerde;
import dev.lodestone.shopper.ForgetRequest;
import dev.lodestone.shopper.ShopperEvent;
import dev.lodestone.similarity.ItemSignal;
import dev.lodestone.similarity.ItemSignalBatch;
import dev.lodestone.similarity.SimilaritySettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-shopper preference profiles, and the item signals (engagements and co-occurrence pairs) that
 * feed similarity and trending. Keyed by shopper, like {@code shopper-events}: no repartition here.
 *
 * <p>A changed profile is published to {@code shopper-profiles} once per commit, with the last of its
 * changes, when the store hands it down ({@link WriteBackStore#onHandDown}): under exactly-once nothing
 * sent is visible before the commit anyway, and a session's events, which often fall into one commit,
 * then cost one profile record instead of one each (docs/benchmarks.md). A forget is published at once.
 * The item signals wait for the same moment, joined per item ({@link ItemSignalBatch}): a popular item then
 * gets one record per commit from each task instead of one per event that touched it.
 */
public final class ProfileTopology {

    public static final String STORE = "profile-shopper-store";

    /**
     * Decoded profiles kept per task in front of {@link #STORE}: a shopper's events come in runs (a session),
     * and each one reads and rewrites the whole profile. A few KB each.
     */
    static final int DECODED_PROFILES = 1_000;

    public static final String AGGREGATE = "profile-aggregate";
    public static final String FORGET = "profile-forget";

    private ProfileTopology() {}

    /** Output of the profile processors: a new profile, or a forgotten shopper, and item signals. */
    public record ProfileOutput(ShopperProfile profile, boolean forgotten, List<ItemSignal> signals) {}

    /**
     * Adds the profile aggregate (publishing to {@code shopper-profiles}) and the forget path.
     *
     * @param forget requests to forget a shopper, keyed by shopper key like {@code events}
     * @return item signals keyed by shopper; the similarity topology repartitions them by item
     */
    public static KStream<String, ItemSignal> addTo(
            StreamsBuilder builder,
            KStream<String, ShopperEvent> events,
            KStream<String, ForgetRequest> forget,
            ProfileSettings profile,
            SimilaritySettings similarity,
            StoreKind stores) {
        builder.addStateStore(WriteBackStore.of(stores.keyValue(STORE, new ShopperProfileSerde()), DECODED_PROFILES));

        KStream<String, ProfileOutput> changes =
                events.process(() -> new AggregateProcessor(profile, similarity), Named.as(AGGREGATE), STORE);
        KStream<String, ProfileOutput> forgotten = forget.process(ForgetProcessor::new, Named.as(FORGET), STORE);
        KStream<String, ProfileOutput> all = changes.merge(forgotten, Named.as("profile-merge"));

        all.filter((key, out) -> out.profile() != null || out.forgotten(), Named.as("profile-changes"))
                .mapValues(ProfileOutput::profile, Named.as("profile-value"))
                .to(ProfileTopics.SHOPPER_PROFILES.name(), ProfileTopics.SHOPPER_PROFILES.produced());

        return all.flatMapValues(ProfileOutput::signals, Named.as("profile-signals"));
    }

    static final class AggregateProcessor implements Processor<String, ShopperEvent, String, ProfileOutput> {
        private final ProfileSettings settings;
        private final SimilaritySettings similarity;
        /** Shoppers whose profile changed since the last hand-down, with the time of their newest event. */
        private final Map<String, Long> changed = new HashMap<>();
        /** Item signals of the events since the last hand-down; every event that makes one writes a profile. */
        private final ItemSignalBatch signals = new ItemSignalBatch();

        private ProcessorContext<String, ProfileOutput> context;
        private CommitForwarder<String, ProfileOutput> publication;
        private KeyValueStore<String, ShopperProfile> store;
        private Function<String, CatalogItem> catalog;

        AggregateProcessor(ProfileSettings settings, SimilaritySettings similarity) {
            this.settings = settings;
            this.similarity = similarity;
        }

        @Override
        public void init(ProcessorContext<String, ProfileOutput> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.catalog = CatalogLookup.of(context);
            this.publication = CommitForwarder.of(context);
            WriteBackStore.<ShopperProfile>under(store).onHandDown(this::publish);
        }

        @Override
        public void process(Record<String, ShopperEvent> record) {
            ShopperEvent event = record.value();
            double weight = settings.weight(event);
            boolean purchaseOrRefund = event.type() == dev.lodestone.shopper.EventType.PURCHASE
                    || event.type() == dev.lodestone.shopper.EventType.REFUND;
            if (event.itemId() == null || (weight == 0 && !purchaseOrRefund)) {
                return;
            }
            ShopperProfile before = store.get(record.key());
            if (before == null) {
                before = ShopperProfile.empty(record.key());
            }
            CatalogItem item = catalog.apply(event.itemId());
            ShopperProfile after = before.apply(event, item, catalog, settings);
            store.put(record.key(), after);
            changed.merge(record.key(), record.timestamp(), Math::max);
            if (weight > 0) {
                for (ItemSignal signal : signals(event, weight, item, before)) {
                    ItemSignalBatch.Ready leaving = signals.add(signal, record.timestamp());
                    if (leaving != null) {
                        context.forward(signalRecord(leaving));
                    }
                }
            }
        }

        private static Record<String, ProfileOutput> signalRecord(ItemSignalBatch.Ready ready) {
            return new Record<>(
                    ready.signal().itemId(),
                    new ProfileOutput(null, false, List.of(ready.signal())),
                    ready.timestamp());
        }

        /**
         * Publishes the last profile of a shopper this processor changed, as the store hands it down. A
         * deleted profile (a forget) was published by {@link ForgetProcessor} when it happened; so was
         * the forget of a shopper who came back within the same commit, ahead of the new profile.
         */
        private void publish(String shopperKey, ShopperProfile profile) {
            if (!signals.isEmpty()) {
                // The first key handed down: the events behind the held signals all wrote a profile.
                signals.drain().forEach(ready -> publication.forward(signalRecord(ready)));
            }
            Long newestEvent = changed.remove(shopperKey);
            if (newestEvent != null && profile != null) {
                publication.forward(
                        new Record<>(shopperKey, new ProfileOutput(profile, false, List.of()), newestEvent));
            }
        }

        @Override
        public void close() {
            changed.clear();
            signals.clear();
        }

        /**
         * The engagement with the item's pairs with each of the last N items within the window (one
         * record), and the pair the other way to each of those items (one record each).
         */
        private List<ItemSignal> signals(ShopperEvent event, double weight, CatalogItem item, ShopperProfile before) {
            long at = EventTime.millis(event.occurredAt());
            List<ItemSignal> signals = new ArrayList<>(1 + similarity.pairItems());
            List<ItemSignal.Pair> pairs = new ArrayList<>(similarity.pairItems());
            signals.add(null); // the engaged item's own record, once its pairs are known
            long windowMs = similarity.pairWindow().toMillis();
            int distance = 0;
            for (ShopperProfile.RecentItem previous : before.recent()) {
                if (distance >= similarity.pairItems()) {
                    break;
                }
                if (previous.itemId().equals(event.itemId())) {
                    continue;
                }
                long gap = EventTime.between(EventTime.millis(previous.at()), at);
                if (gap > windowMs || gap < -windowMs) {
                    continue;
                }
                distance++;
                double w = Math.sqrt(weight * previous.weight()) / Math.pow(distance, similarity.distanceDecay());
                // An out-of-order event (older than the recent item) reverses the direction.
                boolean eventIsLater = gap >= 0;
                signals.add(ItemSignal.pair(previous.itemId(), event.itemId(), w, eventIsLater, at));
                pairs.add(new ItemSignal.Pair(previous.itemId(), w, !eventIsLater));
            }
            signals.set(
                    0, ItemSignal.engaged(event.itemId(), weight, pairs, at, item == null ? null : item.topCategory()));
            return signals;
        }
    }

    static final class ForgetProcessor implements Processor<String, ForgetRequest, String, ProfileOutput> {
        private ProcessorContext<String, ProfileOutput> context;
        private KeyValueStore<String, ShopperProfile> store;

        @Override
        public void init(ProcessorContext<String, ProfileOutput> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, ForgetRequest> record) {
            store.delete(record.key());
            context.forward(record.withValue(new ProfileOutput(null, true, List.of())));
        }
    }
}
