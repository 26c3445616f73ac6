package dev.lodestone.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.shopper.ForgetRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Writes forget requests to {@code shopper-forget}, keyed by shopper like {@code shopper-events}. */
@ApplicationScoped
public class ForgetPublisher {

    public static final String CHANNEL = "shopper-forget-out";

    private final MutinyEmitter<Record<String, String>> emitter;
    private final Event<ForgetRequest> requested;

    ForgetPublisher(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, Event<ForgetRequest> requested) {
        this.emitter = emitter;
        this.requested = requested;
    }

    /**
     * Publishes the request; first tells this instance's observers of {@link ForgetRequest}, which hold
     * what the shopper did in memory only (the events this instance accepted and the pipeline has not shown
     * yet), so that nothing of it outlives the request here.
     */
    public Uni<Void> forget(String shopperKey) {
        ForgetRequest request = new ForgetRequest(shopperKey, Instant.now());
        requested.fire(request);
        try {
            return emitter.send(Record.of(shopperKey, JsonSerde.MAPPER.writeValueAsString(request)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
