package dev.lodestone.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lodestone.platform.kafka.JsonSerde;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Writes catalog items (and tombstones) to {@code catalog-items}; completes once the broker acknowledged. */
@ApplicationScoped
public class CatalogPublisher {

    public static final String CHANNEL = "catalog-items-out";

    private final MutinyEmitter<Record<String, String>> emitter;

    // Several full batches (lodestone.catalog.max-batch items each) can be in flight at once; the
    // default buffer (128) answered the rest with 500s during the benchmark's catalog seeding.
    CatalogPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65_536)
                    MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> put(List<CatalogItem> items) {
        return Uni.join()
                .all(items.stream()
                        .map(i -> emitter.send(Record.of(i.itemId(), json(i))))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    public Uni<Void> delete(String itemId) {
        return emitter.send(Record.of(itemId, null));
    }

    private static String json(CatalogItem item) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
