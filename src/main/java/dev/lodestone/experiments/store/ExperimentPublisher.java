package dev.lodestone.experiments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.experiments.Experiment;
import dev.lodestone.platform.kafka.JsonSerde;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Writes experiment definitions to {@code experiments}; completes once the broker acknowledged. */
@ApplicationScoped
public class ExperimentPublisher {

    public static final String CHANNEL = "experiments-out";

    private final MutinyEmitter<Record<String, String>> emitter;

    ExperimentPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> put(Experiment experiment) {
        try {
            return emitter.send(Record.of(experiment.experimentId(), JsonSerde.MAPPER.writeValueAsString(experiment)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
