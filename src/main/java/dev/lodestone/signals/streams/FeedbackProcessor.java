package dev.lodestone.signals.streams;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.catalog.streams.CatalogLookup;
import dev.lodestone.signals.Feedback;
import dev.lodestone.signals.FeedbackText;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.streams.SignalsTopology.Out;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each feedback into the tallies of the series it counts in: every feedback, its {@code about}
 * type, and for an item its top-level category (from the catalog). Keeps no state of its own: the daily
 * aggregate downstream sums them per day.
 */
final class FeedbackProcessor implements Processor<String, Feedback, String, Out> {

    static final String SERIES = SignalsKeys.FEEDBACK;

    private ProcessorContext<String, Out> context;
    private Function<String, CatalogItem> catalog;

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.catalog = CatalogLookup.of(context);
    }

    @Override
    public void process(Record<String, Feedback> record) {
        Feedback feedback = record.value();
        if (feedback == null || feedback.at() == null) {
            return;
        }
        String day = feedback.at().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        forward(record, FeedbackText.tally(feedback, SERIES, "all", day));
        if (feedback.about() != null && feedback.about().type() != null) {
            forward(
                    record,
                    FeedbackText.tally(
                            feedback, SERIES, "about:" + feedback.about().type(), day));
            if ("item".equals(feedback.about().type()) && feedback.about().id() != null) {
                CatalogItem item = catalog.apply(feedback.about().id());
                if (item != null && item.topCategory() != null) {
                    forward(record, FeedbackText.tally(feedback, SERIES, "category:" + item.topCategory(), day));
                }
            }
        }
    }

    private void forward(Record<String, Feedback> record, dev.lodestone.signals.Tally tally) {
        context.forward(record.withValue(Out.of(tally)));
    }
}
