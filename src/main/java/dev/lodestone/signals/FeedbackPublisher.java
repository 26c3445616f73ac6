package dev.lodestone.signals;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Writes feedback to {@code feedback}, keyed by the shopper's key; the Uni completes when the broker acknowledged it. */
@ApplicationScoped
public class FeedbackPublisher {

    public static final String CHANNEL = "feedback-out";

    private final MutinyEmitter<Record<String, String>> emitter;

    FeedbackPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(String shopperKey, Feedback feedback) {
        try {
            return emitter.send(Record.of(shopperKey, JsonSerde.MAPPER.writeValueAsString(feedback)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
