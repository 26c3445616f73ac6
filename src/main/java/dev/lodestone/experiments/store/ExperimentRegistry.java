package dev.lodestone.experiments.store;

import dev.lodestone.experiments.Experiment;
import dev.lodestone.experiments.ExperimentRules;
import dev.lodestone.experiments.ExperimentsTopics;
import dev.lodestone.experiments.RecommendationIds;
import dev.lodestone.platform.kafka.TopicFollower;
import dev.lodestone.recommend.RankerSettings;
import dev.lodestone.recommend.RankingVariants;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every experiment in this instance's memory, followed from {@code experiments} (compacted), and the
 * assignment of shoppers to the running one for the recommendation request path. Every instance
 * follows the same topic and hashes the same way ({@link Experiment#assign}), so a shopper gets the same
 * variant whichever instance serves them, before and after restarts.
 *
 * <p>At most one experiment runs at a time (the resource refuses to start a second): every list is
 * ranked under at most one variant, so results stay comparable.
 */
@Singleton
public class ExperimentRegistry implements RankingVariants {

    private final String bootstrapServers;
    private final Map<String, Experiment> experiments = new ConcurrentHashMap<>();
    private volatile Experiment running;
    private TopicFollower follower;

    ExperimentRegistry(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        follower = TopicFollower.start(
                bootstrapServers, ExperimentsTopics.EXPERIMENTS.name(), TopicFollower.Start.BEGINNING, this::apply);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        Experiment experiment =
                ExperimentsTopics.EXPERIMENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (experiment == null) {
            experiments.remove(record.key());
        } else {
            experiments.merge(record.key(), experiment, (old, now) -> now.version() >= old.version() ? now : old);
        }
        running = experiments.values().stream()
                .filter(Experiment::active)
                .min(Comparator.comparing(Experiment::startedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .orElse(null);
    }

    /** Applies a definition this instance just published, so its own next read sees it. */
    public void applied(Experiment experiment) {
        experiments.merge(
                experiment.experimentId(), experiment, (old, now) -> now.version() >= old.version() ? now : old);
        running = experiments.values().stream()
                .filter(Experiment::active)
                .min(Comparator.comparing(Experiment::startedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .orElse(null);
    }

    public Experiment get(String experimentId) {
        return experiments.get(experimentId);
    }

    public List<Experiment> all() {
        return experiments.values().stream()
                .sorted(Comparator.comparing(Experiment::experimentId))
                .toList();
    }

    /** The running experiment, or null. */
    public Experiment running() {
        return running;
    }

    /** True once every experiment the topic held at start-up is known. */
    public boolean loaded() {
        return follower != null && follower.caughtUp();
    }

    @Override
    public Assigned assign(String shopperKey, RankerSettings base) {
        Experiment experiment = running;
        if (experiment == null) {
            return null;
        }
        Experiment.Variant variant = experiment.assign(shopperKey);
        return new Assigned(
                experiment.experimentId(),
                variant.name(),
                ExperimentRules.apply(base, variant.settings()),
                RecommendationIds.of(experiment.experimentId(), variant.name()));
    }
}
