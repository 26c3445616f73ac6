package dev.lodestone.dashboard.streams;

import dev.lodestone.dashboard.DashboardPart;
import dev.lodestone.dashboard.DashboardSettings;
import dev.lodestone.points.LedgerEntry;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Points issued (every credit) and redeemed (redemptions and exchange debits) per UTC day of the entry,
 * in the task of the ledger partition: {@code i|<day>} and {@code r|<day>} in {@link DashboardTopology#POINTS_STORE}.
 */
final class PointsCounter implements Processor<String, LedgerEntry, String, DashboardPart> {

    private final DashboardSettings settings;
    private ProcessorContext<String, DashboardPart> context;
    private KeyValueStore<String, String> store;
    private String source;
    private Publication publication;

    PointsCounter(DashboardSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, DashboardPart> context) {
        this.context = context;
        this.store = context.getStateStore(DashboardTopology.POINTS_STORE);
        this.source = "points-" + context.taskId();
        this.publication = new Publication(context, settings.interval(), this::publish);
    }

    @Override
    public void process(Record<String, LedgerEntry> record) {
        LedgerEntry entry = record.value();
        if (entry == null || entry.time() == null) {
            return;
        }
        publication.changed();
        String day = DayKeys.day(entry.time().toEpochMilli());
        if (entry.type() == LedgerEntry.Type.redeem && entry.amount() < 0) {
            DayKeys.add(store, "r|" + day, -entry.amount());
        } else if (entry.amount() > 0 && entry.type() != LedgerEntry.Type.forgotten) {
            DayKeys.add(store, "i|" + day, entry.amount());
        }
    }

    private void publish(long nowMs) {
        String today = DayKeys.day(nowMs);
        String yesterday = DayKeys.day(nowMs - 86_400_000L);
        DayKeys.dropDaysBefore(store, "i|", yesterday);
        DayKeys.dropDaysBefore(store, "r|", yesterday);
        context.forward(new Record<>(
                source,
                DashboardPart.points(
                        source,
                        Instant.ofEpochMilli(nowMs),
                        today,
                        DayKeys.get(store, "i|" + today),
                        DayKeys.get(store, "r|" + today)),
                nowMs));
        publication.published(nowMs);
    }
}
