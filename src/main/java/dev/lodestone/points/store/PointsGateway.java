package dev.lodestone.points.store;

import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import dev.lodestone.platform.kafka.TopicFollower;
import dev.lodestone.platform.redis.LuaScript;
import dev.lodestone.points.Decision;
import dev.lodestone.points.PointsConfig;
import dev.lodestone.points.PointsKeys;
import dev.lodestone.points.PointsTopics;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request/reply with the points topology by correlation id.
 *
 * <p>Commands go out through an idempotent producer; decisions come back on {@code points-replies},
 * which every instance reads in full with a group-less consumer assigned to all partitions from the
 * end at start-up, so whichever instance holds the HTTP call sees its answer. A call that gets no
 * decision within the timeout looks once more in Redis (the decision projection), then answers 202.
 */
@Singleton
public class PointsGateway {

    /** Stores the first fingerprint of a request id; returns the one stored. */
    private static final LuaScript REMEMBER = LuaScript.load("points-remember-fingerprint");

    private record Waiter(String fingerprint, CompletableFuture<Decision> future) {}

    private final String bootstrapServers;
    private final ReactiveRedisDataSource redis;
    private final PointsConfig config;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private TopicFollower replies;

    PointsGateway(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            ReactiveRedisDataSource redis,
            PointsConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.redis = redis;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        1,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "lodestone-points-gateway"),
                new StringSerializer(),
                new ByteArraySerializer());
        replies = TopicFollower.start(
                bootstrapServers, PointsTopics.POINTS_REPLIES.name(), TopicFollower.Start.END, this::onReply);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (replies != null) {
            replies.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void onReply(ConsumerRecord<String, byte[]> record) {
        complete(PointsTopics.POINTS_REPLIES.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    }

    private void complete(Decision decision) {
        if (decision == null || decision.requestId() == null) {
            return;
        }
        List<Waiter> list = waiters.get(decision.requestId());
        if (list == null) {
            return;
        }
        for (Waiter w : list) {
            if (decision.fingerprint() == null
                    || w.fingerprint() == null
                    || w.fingerprint().equals(decision.fingerprint())) {
                w.future().complete(decision);
            }
        }
    }

    /** Emits the fingerprint first recorded for the request id: the caller's own unless the key was reused. */
    public Uni<String> remember(String requestId, String fingerprint) {
        return REMEMBER.run(
                        redis,
                        List.of(PointsKeys.pointsIdempotency(requestId)),
                        List.of(
                                fingerprint,
                                String.valueOf(config.idempotencyRetention().toSeconds())))
                .map(r -> r.toString())
                .onFailure()
                .transform(e -> ApiException.unavailable("Redis is busy; retry with the same Idempotency-Key", 1));
    }

    /** Whether a request id was ever submitted (its Idempotency-Key is remembered). */
    public Uni<Boolean> known(String requestId) {
        return redis.key(String.class).exists(PointsKeys.pointsIdempotency(requestId));
    }

    /** The projected decision of a request, or null. */
    public Uni<Decision> stored(String requestId) {
        return redis.value(String.class)
                .get(PointsKeys.pointsDecision(requestId))
                .map(json -> {
                    if (json == null) {
                        return null;
                    }
                    try {
                        return JsonSerde.MAPPER.readValue(json, Decision.class);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    /** Sends a record and waits for the broker's acknowledgement. */
    public <V> Uni<Void> send(Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(null);
            }
        });
        return Uni.createFrom()
                .completionStage(sent)
                .ifNoItem()
                .after(Duration.ofSeconds(10))
                .fail()
                .onFailure()
                .transform(e -> ApiException.unavailable(
                        "the ledger is not reachable; retry with the same Idempotency-Key", 1));
    }

    /**
     * Sends a command and emits the decision for {@code requestId}, or null when none came within the
     * timeout (the caller answers 202).
     *
     * @param fingerprint the body fingerprint decisions must carry to answer this call; null accepts any
     */
    public <V> Uni<Decision> request(
            String requestId, String fingerprint, Topic<String, V> topic, String key, V command) {
        Waiter waiter = new Waiter(fingerprint, new CompletableFuture<>());
        waiters.compute(requestId, (id, list) -> {
            List<Waiter> next = list == null ? new CopyOnWriteArrayList<>() : list;
            next.add(waiter);
            return next;
        });
        return send(topic, key, command)
                .chain(() -> Uni.createFrom().completionStage(waiter.future()))
                .ifNoItem()
                .after(config.replyTimeout())
                .recoverWithUni(() -> stored(requestId)
                        .map(d -> d != null
                                        && (fingerprint == null
                                                || d.fingerprint() == null
                                                || fingerprint.equals(d.fingerprint()))
                                ? d
                                : null))
                .eventually(() -> waiters.computeIfPresent(requestId, (id, list) -> {
                    list.remove(waiter);
                    return list.isEmpty() ? null : list;
                }));
    }
}
