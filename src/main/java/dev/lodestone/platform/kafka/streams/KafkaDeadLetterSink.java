package dev.lodestone.platform.kafka.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Writes dead letters with a producer of its own, built from the Streams configuration (bootstrap
 * servers and any client security settings).
 *
 * <p>The write is outside the Streams transaction: a record is parked, then the task carries on and
 * commits later. A crash in between re-processes the record and parks it again, so the dead-letter
 * topics are at-least-once (duplicates carry the same origin headers). Each write waits for the
 * broker's acknowledgement, bounded by {@link #SEND_TIMEOUT}, so nothing is lost once the source
 * offset is committed.
 *
 * <p>Streams creates exception handlers per task; they share one producer per cluster, created on the
 * first dead letter, so an engine that never parks anything never opens it.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private static final Map<String, KafkaDeadLetterSink> SHARED = new ConcurrentHashMap<>();

    private final Map<String, Object> config;
    private Producer<byte[], byte[]> producer;

    private KafkaDeadLetterSink(Map<String, Object> config) {
        this.config = config;
    }

    /** The sink for the cluster the given Streams configuration points at. */
    static KafkaDeadLetterSink shared(Map<String, ?> streamsConfig) {
        Map<String, Object> config = producerConfig(streamsConfig);
        return SHARED.computeIfAbsent(
                String.valueOf(config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)),
                s -> new KafkaDeadLetterSink(config));
    }

    /** Closes every producer opened so far (at shutdown, after Kafka Streams has stopped). */
    public static void closeAll() {
        SHARED.values().removeIf(sink -> {
            sink.close();
            return true;
        });
    }

    @Override
    public void write(ProducerRecord<byte[], byte[]> record) throws Exception {
        producer().send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    private synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** The client settings of the Streams configuration (not its producer's transactional ones). */
    static Map<String, Object> producerConfig(Map<String, ?> streamsConfig) {
        Map<String, Object> config = new HashMap<>();
        streamsConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key) && value != null) {
                config.put(key, value);
            }
        });
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
        config.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
        Object application = streamsConfig.get(StreamsConfig.APPLICATION_ID_CONFIG);
        config.put(
                ProducerConfig.CLIENT_ID_CONFIG, (application == null ? "lodestone" : application) + "-dead-letters");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeoutMs = (int) SEND_TIMEOUT.toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        return config;
    }
}
