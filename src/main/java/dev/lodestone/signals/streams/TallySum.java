package dev.lodestone.signals.streams;

import dev.lodestone.platform.kafka.streams.CommitBuffer;
import dev.lodestone.platform.kafka.streams.CommitForwarder;
import dev.lodestone.signals.Tally;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keys each tally by its series-day for the daily aggregate and sums the count-only ones per series-day
 * until the commit ({@link CommitBuffer}): the funnels count a step for nearly every event, into a few
 * dozen series a day, and one summed tally per series and commit now crosses the repartition instead of
 * one per step. Tallies with an amount or examples go on at once, unchanged: their sums and the order of
 * their examples stay the aggregate's. The daily counts are the same either way; only their
 * {@code version}, the number of tallies added, grows more slowly.
 */
final class TallySum implements Processor<String, Tally, String, Tally> {

    /** Series-days held, with the time of the newest tally summed into each. */
    private final Map<String, Long> newest = new HashMap<>();

    private ProcessorContext<String, Tally> context;
    private CommitBuffer<Tally> buffer;

    @Override
    public void init(ProcessorContext<String, Tally> context) {
        this.context = context;
        this.buffer = CommitBuffer.in(context, SignalsTopology.TALLY_BUFFER);
        CommitForwarder<String, Tally> publication = CommitForwarder.of(context);
        buffer.onHandDown((key, sum) -> {
            Long at = newest.remove(key);
            publication.forward(new Record<>(key, sum, at != null ? at : context.currentSystemTimeMs()));
        });
    }

    @Override
    public void process(Record<String, Tally> record) {
        Tally tally = record.value();
        String key = tally.key();
        if (!tally.countsOnly()) {
            context.forward(record.withKey(key));
            return;
        }
        buffer.add(key, tally, Tally::plus);
        newest.merge(key, record.timestamp(), Math::max);
    }

    @Override
    public void close() {
        newest.clear();
    }
}
