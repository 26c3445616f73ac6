package dev.lodestone.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.shopper.ForgetRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Writes forget requests to {@code shopper-forget}, keyed by shopper like {@code shopper-events}. */
@ApplicationScoped
public class ForgetPublisher {

    public static final String CHANNEL = "shopper-forget-out";

    private final MutinyEmitter<Record<String, String>> emitter;

    ForgetPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> forget(String shopperKey) {
        try {
            return emitter.send(Record.of(
                    shopperKey, JsonSerde.MAPPER.writeValueAsString(new ForgetRequest(shopperKey, Instant.now()))));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
