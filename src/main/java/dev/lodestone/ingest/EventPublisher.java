package dev.lodestone.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.shopper.ShopperEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes accepted events to {@code shopper-events} keyed by shopper, through an idempotent
 * producer with {@code acks=all}. Completes only when the broker acknowledged every record.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "shopper-events-out";

    private final MutinyEmitter<byte[]> emitter;

    EventPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
                    MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(List<ShopperEvent> events) {
        List<Uni<Void>> sends = events.stream().map(this::send).toList();
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> send(ShopperEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.shopperKey())
                .withTimestamp(event.receivedAt())
                .build();
        return emitter.sendMessage(Message.of(bytes(event)).addMetadata(metadata));
    }

    private static byte[] bytes(ShopperEvent event) {
        try {
            return JsonSerde.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
