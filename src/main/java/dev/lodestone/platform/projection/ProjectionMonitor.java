package dev.lodestone.platform.projection;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.redis.RedisKeys;
import dev.lodestone.platform.redis.RedisRunIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps Redis a complete projection of Kafka, and says how far behind it is.
 *
 * <p>Every second it checks the marker {@value #MARKER}, written once the projections are complete.
 * When it is missing (a {@code FLUSHALL}, a fresh Redis beside an existing Kafka, a Redis restarted
 * without its append-only file) or Redis restarted under the engine (its last second of writes may
 * be lost), the engine enters "rebuilding": every projection consumer ({@link RedisProjection}) is
 * sought back to the beginning of its topics and re-projects them; the marker is written once each
 * has reached the end offsets taken when it was sought. Meanwhile {@link ProjectionRead} endpoints
 * answer 503. Instances sharing one Redis rebuild in the same round (a hash beside the marker), each
 * its own partitions; the last to finish writes the marker.
 *
 * <p>Each check also measures every projection's lag (end offsets, {@code read_committed}, against
 * the consumers' positions once nothing fetched is still being written) and the lag of Kafka
 * Streams on its input topics: the readiness check reports both.
 */
@ApplicationScoped
public class ProjectionMonitor {

    private static final Logger LOG = Logger.getLogger(ProjectionMonitor.class);

    /**
     * Present while every projection is complete; its value says when and by whom it was completed. The
     * suffix is the version of the key layout: a release that moves keys names a new marker, so an
     * engine upgraded onto an existing Redis finds none and rebuilds Redis from Kafka once.
     */
    public static final String MARKER = RedisKeys.PREFIX + "{meta}:projected:v2";

    /** The rebuild round in progress: its id and the heartbeats of the instances replaying it. */
    public static final String ROUND = RedisKeys.PREFIX + "{meta}:rebuild";

    /** Records a projection channel trails the end of its topics by, as the readiness check sees it. */
    public static final String PROJECTION_LAG = "lodestone.projection.lag";
    /** Records Kafka Streams trails the end of its input topics by (committed offsets). */
    public static final String STREAMS_LAG = "lodestone.streams.lag";

    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** What a refused read is told to wait before it asks again. */
    static final int RETRY_AFTER_SECONDS = 2;
    /** Longer than the consumers' session timeout: a dead participant's partitions move first. */
    static final Duration PARTICIPANT_STALE = Duration.ofSeconds(30);

    static final Duration LOG_EVERY = Duration.ofSeconds(5);
    static final Duration TOPICS_EVERY = Duration.ofSeconds(30);
    static final Duration CALL_BUDGET = Duration.ofSeconds(10);
    private static final String SCRIPT = "/lua/projection-round.lua";

    /** Whether reads may be served from Redis. */
    public enum Phase {
        /** Not checked yet. */
        STARTING,
        /** Every projection is complete (lag aside). */
        READY,
        /** The projections are being replayed from Kafka. */
        REBUILDING
    }

    /** One projection channel: whether its consumer is in its group, and how far behind it is. */
    public record ChannelState(String channel, boolean joined, long lag, long replayed, long replayTarget) {}

    /** The outcome of the last check. */
    public record Snapshot(Phase phase, Instant at, List<ChannelState> channels, long streamsLag, String problem) {}

    private record Channel(String name, List<String> topics) {}

    /** What a consumer reported: its positions, records still being written, partitions just sought. */
    private record ConsumerView(
            boolean joined,
            Map<TopicPartition, Long> positions,
            Map<TopicPartition, Long> inFlight,
            Map<TopicPartition, Long> sought) {}

    private final Instance<RedisProjection> projections;
    private final KafkaClientService kafka;
    private final RedisDataSource redis;
    private final Config config;
    private final String bootstrapServers;
    private final String participant;
    private final Counter rebuilds;
    private final MeterRegistry registry;
    private final String script;
    private final MarkerGate gate;

    private List<Channel> channels = List.of();
    private Admin admin;
    private volatile ScheduledExecutorService executor;
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile Phase phase = Phase.STARTING;
    private volatile Snapshot snapshot;

    private String round;
    private Instant roundStarted;
    /** The round started with nothing in Kafka to project: a first start, not a rebuild. */
    private boolean firstBuild;

    private Instant lastLog = Instant.EPOCH;
    /** Partitions sought to the beginning in this round, with the end offset to reach. */
    private final Map<TopicPartition, Long> replayTargets = new ConcurrentHashMap<>();

    /** The run id of each Redis primary at the last check (one on a single Redis, one per cluster master). */
    private Map<String, String> redisRunIds = Map.of();

    private final RedisRunIds runIds = new RedisRunIds();

    private final Optional<String> streamsApplicationId;
    /**
     * False in the api role: no projection runs here, so the monitor only watches (the marker says
     * whether reads may be served, Kafka Streams' lag whether they are current) and never rebuilds.
     */
    private final boolean computes;

    private List<TopicPartition> partitions = List.of();
    private Set<String> streamsTopics = Set.of();
    private Instant topicsListed = Instant.EPOCH;

    ProjectionMonitor(
            Instance<RedisProjection> projections,
            KafkaClientService kafka,
            RedisDataSource redis,
            ReactiveRedisDataSource reactiveRedis,
            Config config,
            LodestoneConfig lodestone,
            MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.projections = projections;
        this.kafka = kafka;
        this.redis = redis;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.participant = "p:" + lodestone.instanceId().orElse("") + ":" + UUID.randomUUID();
        this.rebuilds = Counter.builder("lodestone.redis.rebuilds")
                .description("Rebuilds of the Redis projections from Kafka this instance took part in")
                .register(registry);
        this.registry = registry;
        this.script = load(SCRIPT);
        this.gate = new MarkerGate(reactiveRedis, MARKER);
        this.computes = lodestone.role().computes();
        this.streamsApplicationId = config.getOptionalValue("quarkus.kafka-streams.application-id", String.class);
    }

    /** Whether reads may be served from Redis now. */
    public Phase phase() {
        return phase;
    }

    /** Whether the marker is in Redis, by a check that started after this call. */
    public CompletionStage<Boolean> markerPresent() {
        return gate.present();
    }

    /**
     * Completes when an answer may be read from Redis now: the projections are complete (the engine is
     * neither starting nor rebuilding) and the marker is there by a check that started after this call.
     * Otherwise fails with the 503 {@link ProjectionRead} endpoints answer; a marker found missing has the
     * monitor check at once. Redis unreachable or stalled: completes, and the read meets that itself (503
     * unavailable, or a fallback) rather than waiting here.
     */
    public Uni<Void> readable() {
        ApiException refused = refusedNow();
        if (refused != null) {
            return Uni.createFrom().failure(refused);
        }
        return Uni.createFrom()
                .completionStage(this::markerPresent)
                .onFailure()
                .recoverWithItem(true)
                .chain(present -> {
                    if (present) {
                        return Uni.createFrom().voidItem();
                    }
                    checkNow();
                    return Uni.createFrom().failure(refusal(Phase.REBUILDING));
                });
    }

    /** The 503 a read of Redis gets for the phase alone (starting or rebuilding); null when ready. */
    public ApiException refusedNow() {
        Phase now = phase;
        return now == Phase.READY ? null : refusal(now);
    }

    private static ApiException refusal(Phase phase) {
        String retryAfter = String.valueOf(RETRY_AFTER_SECONDS);
        return phase == Phase.STARTING
                ? new ApiException(
                        503,
                        "unavailable",
                        "the engine has not checked its read models yet; retry shortly",
                        List.of(),
                        Map.of("Retry-After", retryAfter))
                : new ApiException(
                        503,
                        "rebuilding",
                        "the read models are being rebuilt from Kafka; retry shortly",
                        List.of(),
                        Map.of("Retry-After", retryAfter));
    }

    /** Checks at once rather than at the next interval (a read found the marker missing). */
    public void checkNow() {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown() && nudged.compareAndSet(false, true)) {
            running.execute(() -> {
                nudged.set(false);
                tick();
            });
        }
    }

    /** The last check, or null before the first. */
    public Snapshot snapshot() {
        return snapshot;
    }

    void onStart(@Observes StartupEvent event) {
        List<Channel> found = new ArrayList<>();
        for (RedisProjection projection : computes ? projections : List.<RedisProjection>of()) {
            for (String channel : projection.channels()) {
                found.add(new Channel(channel, topics(channel)));
            }
        }
        channels = List.copyOf(found);
        registerLagGauges();
        ProjectionProgress.reset();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "lodestone-projection-monitor",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) CALL_BUDGET.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) CALL_BUDGET.toMillis()));
        // Checked before the first request is served: a Redis emptied while the engine was down must
        // not answer zero balances until the first scheduled check.
        tick();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lodestone-projection-monitor");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        ProjectionProgress.reset();
    }

    /** Lag gauges read the last measurement: a scrape never waits on Kafka. */
    private void registerLagGauges() {
        for (Channel channel : channels) {
            Gauge.builder(PROJECTION_LAG, this, monitor -> monitor.lag(channel.name()))
                    .description(
                            "Records a Redis projection trails the end of its topics by (NaN before the first check)")
                    .tag("channel", channel.name())
                    .register(registry);
        }
        Gauge.builder(STREAMS_LAG, this, monitor -> {
                    Snapshot last = monitor.snapshot;
                    return last == null ? Double.NaN : last.streamsLag();
                })
                .description("Records Kafka Streams trails the end of its input topics by (NaN before the first check)")
                .register(registry);
    }

    private double lag(String channel) {
        Snapshot last = snapshot;
        if (last == null) {
            return Double.NaN;
        }
        return last.channels().stream()
                .filter(state -> state.channel().equals(channel))
                .mapToDouble(ChannelState::lag)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** One check; never throws (a failed check keeps the phase and reports its problem). */
    synchronized void tick() {
        if (!computes) {
            watch();
            return;
        }
        try {
            noticeRedisRestart();
            String[] status = step(false);
            if (status[0].equals("rebuilding") && !status[1].equals(round)) {
                startRound(status[1]);
            } else if (status[0].equals("ready")) {
                finishRound();
            }
            Measurement measured = measure();
            if (phase == Phase.REBUILDING && measured.replayComplete()) {
                if (step(true)[0].equals("ready")) {
                    finishRound();
                }
            }
            snapshot = new Snapshot(phase, Instant.now(), measured.channelStates(), measured.streamsLag(), null);
            logProgress(measured);
        } catch (RuntimeException e) {
            // The last measurement stands, with its time: readiness turns DOWN only once it is stale.
            Snapshot last = snapshot;
            snapshot = last == null
                    ? new Snapshot(phase, Instant.EPOCH, List.of(), 0, describe(e))
                    : new Snapshot(phase, last.at(), last.channels(), last.streamsLag(), describe(e));
            LOG.debugf(e, "Projection check failed");
        }
    }

    /** The api role's check: reads are served while the marker is there; lag is Kafka Streams' own. */
    private void watch() {
        try {
            phase = redis.execute(Command.EXISTS, MARKER).toInteger() > 0 ? Phase.READY : Phase.REBUILDING;
            Measurement measured = measure();
            snapshot = new Snapshot(phase, Instant.now(), List.of(), measured.streamsLag(), null);
        } catch (RuntimeException e) {
            Snapshot last = snapshot;
            snapshot = last == null
                    ? new Snapshot(phase, Instant.EPOCH, List.of(), 0, describe(e))
                    : new Snapshot(phase, last.at(), last.channels(), last.streamsLag(), describe(e));
            LOG.debugf(e, "Projection check failed");
        }
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void startRound(String id) {
        round = id;
        roundStarted = Instant.now();
        replayTargets.clear();
        phase = Phase.REBUILDING;
        rebuilds.increment();
        firstBuild = nothingToProject();
        if (firstBuild) {
            // A first start: an empty Redis beside empty topics is no incident.
            LOG.infof("Building the Redis projections: Kafka holds nothing to project yet (round %s)", id);
            return;
        }
        LOG.warnf(
                "Redis lacks complete projections (marker %s missing): rebuilding every read model from Kafka,"
                        + " reads answer 503 until done (round %s)",
                MARKER, id);
    }

    /** Whether every projection topic is empty; false when that cannot be told. */
    private boolean nothingToProject() {
        try {
            if (partitions.isEmpty()) {
                listTopics();
            }
            Set<String> projected =
                    channels.stream().flatMap(c -> c.topics().stream()).collect(Collectors.toSet());
            List<TopicPartition> own = partitions.stream()
                    .filter(p -> projected.contains(p.topic()))
                    .toList();
            Map<TopicPartition, Long> ends = offsets(own, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(own, OffsetSpec.earliest());
            return !own.isEmpty() && own.stream().allMatch(p -> ends.getOrDefault(p, 0L) <= starts.getOrDefault(p, 0L));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void finishRound() {
        if (phase == Phase.REBUILDING) {
            LOG.infof(
                    firstBuild
                            ? "Redis projections ready in %d ms (round %s)"
                            : "Redis projections rebuilt from Kafka in %d ms (round %s)",
                    Duration.between(roundStarted, Instant.now()).toMillis(),
                    round);
        }
        replayTargets.clear();
        phase = Phase.READY;
    }

    /**
     * A Redis that restarted under a running engine may have lost its last second of writes (the
     * append-only file is synced every second) while the projections' offsets moved past them. On a
     * Redis Cluster each master is watched: one that restarted is enough. A replica taking over a
     * master has another node id and is not a restart: it holds what was replicated to it.
     */
    private void noticeRedisRestart() {
        Map<String, String> now = runIds.read(redis);
        for (Map.Entry<String, String> node : now.entrySet()) {
            String before = redisRunIds.get(node.getKey());
            if (before != null && !before.equals(node.getValue())) {
                LOG.warnf(
                        "Redis restarted under the engine (%srun id %s, was %s): rebuilding its projections",
                        node.getKey().isEmpty() ? "" : "node " + node.getKey() + ", ", node.getValue(), before);
                redis.execute(Command.DEL, MARKER);
                break;
            }
        }
        redisRunIds = now;
    }

    /** Runs the round script; returns {state, round}. */
    private String[] step(boolean replayed) {
        String marker = "{\"completedAt\":\"" + Instant.now() + "\",\"by\":\"" + participant + "\",\"round\":\""
                + (round == null ? "" : round) + "\"}";
        Response response = redis.execute(
                Command.EVAL,
                script,
                "2",
                MARKER,
                ROUND,
                participant,
                String.valueOf(System.currentTimeMillis()),
                String.valueOf(PARTICIPANT_STALE.toMillis()),
                UUID.randomUUID().toString(),
                round == null ? "" : round,
                replayed ? "1" : "0",
                marker);
        return new String[] {response.get(0).toString(), response.get(1).toString()};
    }

    private record Measurement(List<ChannelState> channelStates, long streamsLag, boolean replayComplete) {}

    private Measurement measure() {
        if (Duration.between(topicsListed, Instant.now()).compareTo(TOPICS_EVERY) > 0) {
            listTopics();
        }
        List<TopicPartition> partitions = this.partitions;
        Set<String> streamsTopics = this.streamsTopics;
        Map<String, Long> streamsCommitted = streamsCommitted();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());

        long streamsLag = 0;
        for (TopicPartition partition : partitions) {
            if (streamsTopics.contains(partition.topic())) {
                Long committed = streamsCommitted.get(partition.toString());
                long from = committed == null ? starts.getOrDefault(partition, 0L) : committed;
                streamsLag += Math.max(0, ends.getOrDefault(partition, 0L) - from);
            }
        }

        // Asked all at once: each answers between two polls of its own consumer.
        Map<String, CompletableFuture<ConsumerView>> asked = new LinkedHashMap<>();
        for (Channel channel : channels) {
            asked.put(channel.name(), view(channel, ends).subscribeAsCompletionStage());
        }
        List<ChannelState> states = new ArrayList<>();
        boolean complete = true;
        for (Channel channel : channels) {
            ConsumerView view = await(asked.get(channel.name()));
            if (!view.sought().isEmpty()) {
                LOG.debugf("Replaying %s from the beginning", view.sought().keySet());
                replayTargets.putAll(view.sought());
            }
            List<TopicPartition> own = partitions.stream()
                    .filter(p -> channel.topics().contains(p.topic()))
                    .toList();
            boolean empty = own.stream().allMatch(p -> ends.getOrDefault(p, 0L) <= starts.getOrDefault(p, 0L));
            long lag = 0;
            long replayed = 0;
            long target = 0;
            boolean caughtUp = view.joined() || empty;
            for (Map.Entry<TopicPartition, Long> position : view.positions().entrySet()) {
                TopicPartition partition = position.getKey();
                long inFlight = view.inFlight().getOrDefault(partition, 0L);
                long end = ends.getOrDefault(partition, 0L);
                lag += Math.max(0, end - position.getValue()) + inFlight;
                Long replayTo = replayTargets.get(partition);
                if (replayTo != null) {
                    long start = starts.getOrDefault(partition, 0L);
                    target += Math.max(0, replayTo - start);
                    replayed += Math.max(0, Math.min(position.getValue(), replayTo) - start - inFlight);
                    caughtUp &= inFlight == 0 && position.getValue() >= replayTo;
                } else if (phase == Phase.REBUILDING) {
                    caughtUp = false;
                }
            }
            if (!view.joined() && !empty) {
                lag = own.stream()
                        .mapToLong(p -> ends.getOrDefault(p, 0L) - starts.getOrDefault(p, 0L))
                        .sum();
            }
            complete &= caughtUp;
            states.add(new ChannelState(channel.name(), view.joined() || empty, lag, replayed, target));
        }
        return new Measurement(List.copyOf(states), streamsLag, complete);
    }

    /**
     * Reads one consumer's assignment and positions on its polling thread, where they cannot move
     * underneath; while rebuilding, first seeks partitions not yet replayed in this round to the
     * beginning.
     */
    @SuppressWarnings("unchecked")
    private Uni<ConsumerView> view(Channel channel, Map<TopicPartition, Long> ends) {
        KafkaConsumer<Object, Object> consumer;
        try {
            consumer = kafka.getConsumer(channel.name());
        } catch (RuntimeException e) {
            consumer = null;
        }
        if (consumer == null) {
            return Uni.createFrom().item(new ConsumerView(false, Map.of(), Map.of(), Map.of()));
        }
        boolean rebuilding = phase == Phase.REBUILDING;
        Set<TopicPartition> replaying = Set.copyOf(replayTargets.keySet());
        Function<Consumer<Object, Object>, ConsumerView> read = c -> {
            Set<TopicPartition> assignment = c.assignment();
            boolean joined = !assignment.isEmpty() || c.groupMetadata().generationId() >= 0;
            Map<TopicPartition, Long> sought = new HashMap<>();
            if (rebuilding) {
                List<TopicPartition> fresh =
                        assignment.stream().filter(p -> !replaying.contains(p)).toList();
                if (!fresh.isEmpty()) {
                    c.seekToBeginning(fresh);
                    fresh.forEach(p -> sought.put(p, ends.getOrDefault(p, 0L)));
                }
            }
            Map<TopicPartition, Long> positions = new HashMap<>();
            Map<TopicPartition, Long> inFlight = new HashMap<>();
            for (TopicPartition partition : assignment) {
                positions.put(partition, c.position(partition, CALL_BUDGET));
                inFlight.put(partition, ProjectionProgress.inFlight(partition));
            }
            return new ConsumerView(joined, positions, inFlight, sought);
        };
        return consumer.runOnPollingThread(read);
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        var result = await(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .toCompletionStage());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /**
     * The partitions to measure: the projections' topics, and the topics Kafka Streams reads (its
     * configured sources and its repartition topics). Listed now and then: they rarely change.
     */
    private void listTopics() {
        Set<String> topics =
                channels.stream().flatMap(c -> c.topics().stream()).collect(Collectors.toCollection(HashSet::new));
        Set<String> streams = new HashSet<>();
        if (streamsApplicationId.isPresent()) {
            Arrays.stream(config.getOptionalValue("quarkus.kafka-streams.topics", String.class)
                            .orElse("")
                            .split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .forEach(streams::add);
            Set<String> all = await(admin.listTopics().names().toCompletionStage());
            all.stream()
                    .filter(t -> t.startsWith(streamsApplicationId.get() + "-") && t.endsWith("-repartition"))
                    .forEach(streams::add);
            streams.retainAll(all);
        }
        topics.addAll(streams);
        Map<String, TopicDescription> described =
                await(admin.describeTopics(topics).allTopicNames().toCompletionStage());
        partitions = described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        streamsTopics = Set.copyOf(streams);
        topicsListed = Instant.now();
    }

    /** Kafka Streams' committed offsets by partition. */
    private Map<String, Long> streamsCommitted() {
        Map<String, Long> committed = new HashMap<>();
        if (streamsApplicationId.isEmpty()) {
            return committed;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets =
                await(admin.listConsumerGroupOffsets(streamsApplicationId.get())
                        .partitionsToOffsetAndMetadata()
                        .toCompletionStage());
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition.toString(), offset.offset());
            }
        });
        return committed;
    }

    private void logProgress(Measurement measured) {
        if (phase != Phase.REBUILDING
                || Duration.between(lastLog, Instant.now()).compareTo(LOG_EVERY) < 0) {
            return;
        }
        lastLog = Instant.now();
        LOG.infof(
                "Rebuilding Redis projections: %s",
                measured.channelStates().stream()
                        .map(s -> s.channel() + " " + s.replayed() + "/" + s.replayTarget()
                                + (s.joined() ? "" : " (waiting for its partitions)"))
                        .collect(Collectors.joining(", ")));
    }

    private List<String> topics(String channel) {
        String prefix = "mp.messaging.incoming." + channel + ".";
        Optional<String> list = config.getOptionalValue(prefix + "topics", String.class);
        String names = list.orElseGet(
                () -> config.getOptionalValue(prefix + "topic", String.class).orElse(channel));
        return Arrays.stream(names.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    private static <T> T await(CompletionStage<T> stage) {
        return Uni.createFrom().completionStage(stage).await().atMost(CALL_BUDGET);
    }

    private static String load(String resource) {
        try (InputStream in = ProjectionMonitor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
