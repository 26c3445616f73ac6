package dev.lodestone.experiments;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The experiments feature's topics. {@code docs/architecture.md} registers each of them. */
public final class ExperimentsTopics {

    /** Every experiment's latest definition, by experiment id; compacted, followed by every instance. */
    public static final Topic<String, Experiment> EXPERIMENTS =
            new Topic<>("experiments", Serdes.String(), JsonSerde.of(Experiment.class), true, Duration.ZERO);

    /** Running totals per variant ({@code <experimentId>~<variant>}); compacted, the source of the results. */
    public static final Topic<String, VariantTotals> EXPERIMENT_RESULTS =
            new Topic<>("experiment-results", Serdes.String(), JsonSerde.of(VariantTotals.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(EXPERIMENTS, EXPERIMENT_RESULTS);

    private ExperimentsTopics() {}
}
