package dev.lodestone.platform.lifecycle;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * The Kafka clients of Kafka Streams, made exactly as Kafka Streams makes them (its default supplier),
 * keeping hold of the producers so that the {@link WarmUp} can fetch the metadata of every topic they
 * write before the engine reports ready: otherwise the first event's commit waits for one metadata
 * round trip per output, changelog and repartition topic, one after the other.
 */
@Singleton
public class StreamsClients implements KafkaClientSupplier {

    private final KafkaClientSupplier delegate = new DefaultKafkaClientSupplier();
    private final List<Producer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();

    /** The producers made so far (one per stream thread under exactly-once). */
    public List<Producer<byte[], byte[]>> producers() {
        return List.copyOf(producers);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return delegate.getAdmin(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = delegate.getProducer(config);
        producers.add(producer);
        return producer;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return delegate.getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return delegate.getRestoreConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return delegate.getGlobalConsumer(config);
    }
}
