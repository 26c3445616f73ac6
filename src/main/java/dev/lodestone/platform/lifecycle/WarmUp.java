package dev.lodestone.platform.lifecycle;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Pays the first event's start-up costs before the engine reports ready, so that the first event
 * posted after readiness reaches its read model as fast as any later one. In order:
 *
 * <ol>
 *   <li>Kafka Streams is RUNNING (its tasks assigned, its transactional producers initialised);
 *   <li>every projection consumer is in its group and knows where to read from (its partitions assigned,
 *       their positions resolved after a completed poll);
 *   <li>every producer knows the partitions and leaders of the topics it writes (Kafka Streams' producers,
 *       of every topic), each outgoing channel's producer has sent one record, and one transaction has
 *       been committed (the broker's transaction coordinator and marker channel are up): all of it
 *       only to {@value #TOPIC}, which no feature reads;
 *   <li>the HTTP path a first request takes (token verification, rate limiting, the JSON reader, the
 *       Redis connections and the error mapping) has run: a read of an activity that does not exist
 *       and an empty batch, both refused. Nothing is published and nothing is written: no warm-up
 *       request can reach a read model or any business state.
 * </ol>
 *
 * The first two are conditions readiness waits for; the last two are best effort within a budget
 * (an engine whose tokens come from an identity provider skips the authenticated requests).
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** The shopper whose activity the warm-up reads; no event is ever posted for it. */
    public static final String SHOPPER = "lodestone-warm-up";

    /** The only topic the warm-up writes (a key and no value); no feature reads it. */
    public static final String TOPIC = "engine-warm-up";

    /** Records of {@link #TOPIC} are deleted after this. */
    static final Duration TOPIC_RETENTION = Duration.ofHours(1);

    static final Duration CHECK_EVERY = Duration.ofMillis(100);
    static final Duration CALL_BUDGET = Duration.ofSeconds(5);
    static final Duration PRODUCERS_BUDGET = Duration.ofSeconds(10);
    static final int HTTP_ROUNDS = 3;

    /** What is warmed, in order. */
    public enum Step {
        STREAMS_RUNNING("kafka-streams"),
        PROJECTIONS_POLLING("projection-consumers"),
        PRODUCERS_WRITTEN("producers"),
        HTTP_PATH_RUN("http");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        /** Its name in the readiness data. */
        public String label() {
            return label;
        }
    }

    private final KafkaStreams streams;
    private final StreamsClients streamsClients;
    private final KafkaClientService kafka;
    private final Config config;
    private final LodestoneConfig lodestone;
    private final Map<Step, String> done = new EnumMap<>(Step.class);
    private volatile boolean stopping;
    private volatile Thread worker;
    private long startedAt;

    WarmUp(
            KafkaStreams streams,
            StreamsClients streamsClients,
            KafkaClientService kafka,
            Config config,
            LodestoneConfig lodestone) {
        this.streams = streams;
        this.streamsClients = streamsClients;
        this.kafka = kafka;
        this.config = config;
        this.lodestone = lodestone;
    }

    void onStart(@Observes StartupEvent event) {
        startedAt = System.nanoTime();
        worker = Thread.ofPlatform().daemon().name("lodestone-warm-up").start(this::run);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }

    /** Each step with what it found, or "pending"; complete once every step is done. */
    public synchronized Map<Step, String> status() {
        Map<Step, String> status = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            status.put(step, done.getOrDefault(step, "pending"));
        }
        return status;
    }

    /** True once every step is done. */
    public synchronized boolean complete() {
        return done.size() == Step.values().length;
    }

    synchronized void done(Step step, String outcome) {
        done.put(step, outcome);
    }

    private void run() {
        try {
            if (streams == null) {
                // The api role: Kafka Streams runs on the streams instances.
                done(Step.STREAMS_RUNNING, "not in this role");
            } else {
                awaitCondition(Step.STREAMS_RUNNING, () -> streams.state() == KafkaStreams.State.RUNNING, "running");
            }
            List<String> channels = List.copyOf(kafka.getConsumerChannels());
            awaitCondition(
                    Step.PROJECTIONS_POLLING,
                    () -> channels.stream().allMatch(this::polling),
                    channels.size() + " consumers polling");
            done(Step.PRODUCERS_WRITTEN, warmProducers() + ", " + warmWrites());
            done(Step.HTTP_PATH_RUN, warmHttp());
            LOG.infof("Warmed up %d ms after start-up: %s", (System.nanoTime() - startedAt) / 1_000_000, status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitCondition(Step step, BooleanSupplier condition, String outcome) throws InterruptedException {
        while (!stopping) {
            try {
                if (condition.getAsBoolean()) {
                    done(step, outcome);
                    return;
                }
            } catch (RuntimeException notYet) {
                LOG.debugf("Warm-up %s not yet: %s", step.label(), notYet.toString());
            }
            Thread.sleep(CHECK_EVERY);
        }
        throw new InterruptedException("stopping");
    }

    /**
     * True once the channel's consumer, on its own polling thread (so between two polls), is a member of
     * its group and has resolved the position of every partition it was given.
     */
    private boolean polling(String channel) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
        if (consumer == null) {
            return false;
        }
        return consumer.runOnPollingThread((Consumer<Object, Object> c) -> {
                    if (c.groupMetadata().generationId() < 0) {
                        return false;
                    }
                    for (TopicPartition partition : c.assignment()) {
                        c.position(partition, CALL_BUDGET);
                    }
                    return true;
                })
                .await()
                .atMost(CALL_BUDGET);
    }

    /**
     * Fetches the partitions (and so the leaders) of each outgoing channel's topic, and of every topic
     * for each Kafka Streams producer (which writes output, changelog and repartition topics).
     */
    private String warmProducers() {
        long deadline = System.nanoTime() + PRODUCERS_BUDGET.toNanos();
        int channels = 0;
        for (String channel : kafka.getProducerChannels()) {
            String topic = config.getOptionalValue("mp.messaging.outgoing." + channel + ".topic", String.class)
                    .orElse(channel);
            try {
                kafka.getProducer(channel).partitionsFor(topic).await().atMost(CALL_BUDGET);
                channels++;
            } catch (RuntimeException e) {
                LOG.debugf("Warm-up of the producer of %s skipped: %s", channel, e.toString());
            }
        }
        List<String> topics = topics();
        int streamsTopics = 0;
        for (Producer<byte[], byte[]> producer : streamsClients.producers()) {
            for (String topic : topics) {
                if (System.nanoTime() > deadline || stopping) {
                    return channels + " channels, " + streamsTopics + " Kafka Streams topics (out of time)";
                }
                try {
                    producer.partitionsFor(topic);
                    streamsTopics++;
                } catch (RuntimeException e) {
                    LOG.debugf("Warm-up of a Kafka Streams producer for %s skipped: %s", topic, e.toString());
                }
            }
        }
        return channels + " channels, " + streamsTopics + " Kafka Streams topics";
    }

    /**
     * One record from each outgoing channel's producer and one transaction, to {@link #TOPIC}: the first
     * event then finds the intake producer's send path, and the broker's transaction machinery that
     * every Kafka Streams commit goes through, already run.
     */
    private String warmWrites() {
        String bootstrap = config.getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) CALL_BUDGET.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) CALL_BUDGET.toMillis()))) {
            if (!admin.listTopics().names().get().contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(
                                        TOPIC, 1, lodestone.streams().replicationFactor())
                                .configs(Map.of(
                                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TOPIC_RETENTION.toMillis())))))
                        .all()
                        .get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                return "no writes (" + e.getCause() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no writes (interrupted)";
        } catch (RuntimeException e) {
            return "no writes (" + e + ")";
        }
        int sent = 0;
        for (String channel : kafka.getProducerChannels()) {
            try {
                io.smallrye.reactive.messaging.kafka.KafkaProducer<String, Object> producer =
                        kafka.getProducer(channel);
                // A null value passes every value serializer.
                producer.send(new ProducerRecord<>(TOPIC, SHOPPER, null))
                        .await()
                        .atMost(CALL_BUDGET);
                sent++;
            } catch (RuntimeException e) {
                LOG.debugf("Warm-up write of %s skipped: %s", channel, e.toString());
            }
        }
        return sent + " records, " + warmTransaction(bootstrap);
    }

    private String warmTransaction(String bootstrap) {
        String id = TOPIC + "-" + lodestone.instanceId().orElse("engine");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        id,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        id,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) CALL_BUDGET.toMillis(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) CALL_BUDGET.toMillis(),
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        (int) CALL_BUDGET.toMillis() / 2),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, SHOPPER, null));
            producer.commitTransaction();
            return "1 transaction";
        } catch (RuntimeException e) {
            return "no transaction (" + e + ")";
        }
    }

    /** Every topic but the broker's own, as one of the projection consumers sees them. */
    private List<String> topics() {
        for (String channel : kafka.getConsumerChannels()) {
            try {
                return kafka.getConsumer(channel).lisTopics(CALL_BUDGET).await().atMost(CALL_BUDGET).keySet().stream()
                        .filter(t -> !t.startsWith("__"))
                        .sorted()
                        .toList();
            } catch (RuntimeException e) {
                LOG.debugf("Cannot list the topics through %s: %s", channel, e.toString());
            }
        }
        return List.of();
    }

    /** A few requests on the engine's own HTTP port; each is refused, so none changes anything. */
    private String warmHttp() {
        Optional<URI> base = baseUri();
        if (base.isEmpty()) {
            return "skipped (port unknown)";
        }
        Optional<String> token = localToken();
        if (token.isEmpty()) {
            return "skipped (no local signing key)";
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_BUDGET).build();
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(base.get().resolve("/v1/users/" + SHOPPER + "/activity"))
                        .header("Authorization", "Bearer " + token.get())
                        .timeout(CALL_BUDGET)
                        .GET()
                        .build(),
                HttpRequest.newBuilder(base.get().resolve("/v1/events"))
                        .header("Authorization", "Bearer " + token.get())
                        .header("Content-Type", "application/json")
                        .timeout(CALL_BUDGET)
                        .POST(HttpRequest.BodyPublishers.ofString("[]"))
                        .build());
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int round = 0; round < HTTP_ROUNDS && !stopping; round++) {
                for (HttpRequest request : requests) {
                    statuses.add(http.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode());
                }
            }
        } catch (java.io.IOException e) {
            return "skipped (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return statuses.size() + " requests, answered "
                + statuses.stream().distinct().toList();
    }

    private Optional<URI> baseUri() {
        boolean test = LaunchMode.current() == LaunchMode.TEST;
        int port = config.getOptionalValue(test ? "quarkus.http.test-port" : "quarkus.http.port", Integer.class)
                .orElse(0);
        if (port <= 0) {
            return Optional.empty();
        }
        String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            host = "localhost";
        }
        return Optional.of(URI.create("http://" + host + ":" + port));
    }

    /** A short-lived shopper token signed with the local key pair, when the engine has one. */
    private Optional<String> localToken() {
        Path dataDir = Path.of(lodestone.resolvedDataDir());
        if (!Files.isReadable(dataDir.resolve("keys").resolve("private.pem"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new TokenMinter(SigningKeys.ensure(dataDir)).mint("shopper", SHOPPER, Duration.ofMinutes(1)));
        } catch (RuntimeException e) {
            LOG.debugf("No warm-up token: %s", e.toString());
            return Optional.empty();
        }
    }
}
