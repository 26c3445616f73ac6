package dev.lodestone.experiments.store;

import dev.lodestone.experiments.Experiment;
import dev.lodestone.experiments.ExperimentsKeys;
import dev.lodestone.experiments.VariantTotals;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.redis.VersionedProjection;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link ResultsProjection} wrote: the running totals of an experiment's variants. */
@ApplicationScoped
public class ExperimentReads {

    private final VersionedProjection projection;

    ExperimentReads(ReactiveRedisDataSource redis) {
        this.projection = new VersionedProjection(redis);
    }

    /** The totals of every variant of {@code experiment}, in its order; empty totals for a variant nobody saw yet. */
    public Uni<List<VariantTotals>> totals(Experiment experiment) {
        List<Uni<VariantTotals>> reads = new ArrayList<>();
        for (Experiment.Variant v : experiment.variants()) {
            reads.add(projection
                    .read(ExperimentsKeys.totals(experiment.experimentId(), v.name()))
                    .map(json -> json == null
                            ? VariantTotals.empty(experiment.experimentId(), v.name())
                            : JsonSerde.read(json, VariantTotals.class)));
        }
        return Uni.join().all(reads).andFailFast();
    }
}
