package dev.lodestone.dashboard.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.dashboard.DashboardSettings;
import dev.lodestone.gifts.Gift;
import dev.lodestone.platform.kafka.JsonSerde;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the gifts of its task whose stock is at or below the low-stock mark, in {@link DashboardTopology#GIFTS_STORE}. */
final class LowStockTracker implements Processor<String, Gift, String, DashboardPart> {

    static final int MAX_LISTED = 50;

    private final DashboardSettings settings;
    private ProcessorContext<String, DashboardPart> context;
    private KeyValueStore<String, String> store;
    private String source;
    private Publication publication;

    LowStockTracker(DashboardSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, DashboardPart> context) {
        this.context = context;
        this.store = context.getStateStore(DashboardTopology.GIFTS_STORE);
        this.source = "gifts-" + context.taskId();
        this.publication = new Publication(context, settings.interval(), this::publish);
    }

    @Override
    public void process(Record<String, Gift> record) {
        if (record.key() == null) {
            return;
        }
        publication.changed();
        Gift gift = record.value();
        if (gift == null || gift.stock() > settings.lowStock()) {
            store.delete(record.key());
        } else {
            store.put(record.key(), json(new DashboardPart.LowStock(gift.giftId(), gift.name(), gift.stock())));
        }
    }

    private static String json(DashboardPart.LowStock low) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(low);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publish(long nowMs) {
        List<DashboardPart.LowStock> low = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(kv -> low.add(JsonSerde.read(kv.value, DashboardPart.LowStock.class)));
        }
        low.sort(Comparator.comparingLong(DashboardPart.LowStock::stock).thenComparing(DashboardPart.LowStock::giftId));
        context.forward(new Record<>(
                source,
                DashboardPart.gifts(
                        source,
                        Instant.ofEpochMilli(nowMs),
                        List.copyOf(low.subList(0, Math.min(MAX_LISTED, low.size())))),
                nowMs));
        publication.published(nowMs);
    }
}
