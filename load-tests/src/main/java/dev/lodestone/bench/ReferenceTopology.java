package dev.lodestone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The reference of T1r: the events/s a trivial Kafka Streams application takes on the same broker,
 * with the same partition count, replication and processing guarantee as the engine's
 * {@code shopper-events}, so that T1 can be read relative to what Kafka Streams itself costs here.
 *
 * <p>The topology de-duplicates by event id (a persistent store of seen ids, the id parsed from the
 * value JSON), then counts per shopper (a persistent store shopper → count) and writes every updated
 * count to an output topic. It runs in this process on topics of its own
 * ({@code bench-reference-events-<run>}, {@code bench-reference-counts-<run>}), with the engine's
 * commit interval, thread count and record cache.
 *
 * <p>The Streams application is started first and waited for until RUNNING; then the same generated
 * events as {@code Bench produce} sends (same keys, same value bytes, same count) are produced as fast
 * as the broker takes them. Done = the application's committed offsets on the input topic equal its
 * end offsets on every partition. Events/s = events ÷ (first send → done). Afterwards the application
 * is closed and its topics, internal topics, consumer group and local state are deleted.
 */
final class ReferenceTopology {

    // The engine's Kafka Streams settings, from src/main/resources/application.properties (kafka-streams.*).
    /** {@code kafka-streams.commit.interval.ms}. */
    static final long COMMIT_INTERVAL_MS = 100;
    /** {@code kafka-streams.num.stream.threads}. */
    static final int NUM_STREAM_THREADS = 2;
    /** {@code kafka-streams.statestore.cache.max.bytes}. */
    static final long CACHE_MAX_BYTES = 10_485_760;
    /** {@code kafka-streams.producer.linger.ms}. */
    static final String PRODUCER_LINGER_MS = "100";
    /** {@code kafka-streams.producer.batch.size}. */
    static final String PRODUCER_BATCH_SIZE = "131072";
    /** {@code kafka-streams.consumer.session.timeout.ms}. */
    static final String SESSION_TIMEOUT_MS = "10000";
    /** {@code kafka-streams.consumer.heartbeat.interval.ms}. */
    static final String HEARTBEAT_INTERVAL_MS = "2000";

    static final String DEFAULT_SOURCE_TOPIC = "shopper-events";
    static final String INPUT_PREFIX = "bench-reference-events-";
    static final String OUTPUT_PREFIX = "bench-reference-counts-";
    static final String APPLICATION_PREFIX = "bench-reference-";

    static final String SOURCE = "reference-source";
    static final String DEDUPE = "reference-dedupe";
    static final String COUNT = "reference-count";
    static final String SINK = "reference-sink";
    static final String SEEN_STORE = "reference-seen-ids";
    static final String COUNT_STORE = "reference-counts";
    /** The event id field of the generated events' JSON (see {@link Workload}). */
    static final String EVENT_ID = "eventId";

    static final long POLL_MS = 100;
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the session timeout, after which the broker drops a member that did not leave. */
    static final Duration GROUP_DELETE_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private ReferenceTopology() {}

    static Map<String, Object> run(Args args) throws Exception {
        String bootstrap = args.required("bootstrap");
        long events = args.number("events", 500_000);
        String guarantee = args.text("guarantee", StreamsConfig.EXACTLY_ONCE_V2);
        String like = args.text("topic", DEFAULT_SOURCE_TOPIC);
        String run = args.text("run", "t1r");
        long timeoutMs = args.number("timeoutSeconds", 600) * 1000;
        long startTimeoutMs = args.number("startTimeoutSeconds", 120) * 1000;
        Workload workload = new Workload((int) args.number("items", 10_000), args.decimal("zipf", 1.0));
        // As Throughput builds its records: the same generator, seed, shoppers and event ids for a run name.
        Workload.Sessions sessions = workload.new Sessions(
                run.hashCode(), (int) args.number("userFrom", 0), (int) args.number("userTo", 100_000), run, true);

        String input = INPUT_PREFIX + run;
        String output = OUTPUT_PREFIX + run;
        String applicationId = APPLICATION_PREFIX + run;
        Path stateDir = Files.createTempDirectory("bench-reference-");

        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrap);
        Map<String, Object> result = new LinkedHashMap<>();
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription source = admin.describeTopics(List.of(like)).allTopicNames().get().get(like);
            int partitions = source.partitions().size();
            short replication = (short) source.partitions().get(0).replicas().size();
            createTopics(admin, List.of(new NewTopic(input, partitions, replication),
                    new NewTopic(output, partitions, replication)));
            System.err.printf("  reference (%s): %s and %s, %d partitions, replication %d%n",
                    guarantee, input, output, partitions, replication);

            KafkaStreams streams = new KafkaStreams(
                    topology(input, output), streamsConfig(bootstrap, applicationId, guarantee, stateDir, replication));
            try {
                try {
                    measure(admin, streams, bootstrap, input, applicationId, sessions, events, timeoutMs,
                            startTimeoutMs, result);
                } finally {
                    streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
                    streams.cleanUp();
                }
            } finally {
                result.put("cleanedUp", cleanUp(admin, input, output, applicationId, stateDir));
            }
            result.put("guarantee", guarantee);
            result.put("partitions", partitions);
            result.put("replication", replication);
            result.put("commitIntervalMs", COMMIT_INTERVAL_MS);
            result.put("streamThreads", NUM_STREAM_THREADS);
            return result;
        }
    }

    /** Starts the application, waits until it runs, produces and polls its committed offsets. */
    private static void measure(Admin admin, KafkaStreams streams, String bootstrap, String input,
            String applicationId, Workload.Sessions sessions, long events, long timeoutMs, long startTimeoutMs,
            Map<String, Object> result) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            } else if (now == KafkaStreams.State.ERROR) {
                System.err.println("  reference: the Streams application failed");
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            System.err.println("  reference: " + e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        long startingAt = System.nanoTime();
        streams.start();
        if (!running.await(startTimeoutMs, TimeUnit.MILLISECONDS) || streams.state() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("the reference application did not reach RUNNING: " + streams.state());
        }
        result.put("startSeconds", (System.nanoTime() - startingAt) / 1e9);

        AtomicLong committed = new AtomicLong();
        Bench.Progress progress = new Bench.Progress("reference committed", events, committed);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; i < events; i++) {
                Workload.Sessions.Event event = sessions.next();
                producer.send(new ProducerRecord<>(input, event.key(), event.json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("  reference: produced %,d events in %.1f s (%,.0f/s)%n",
                    events, produceSeconds, events / produceSeconds);

            Map<TopicPartition, Long> ends = Throughput.endOffsets(admin, List.of(input));
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long deadline = start + timeoutMs * 1_000_000;
            boolean completed = false;
            while (System.nanoTime() < deadline && isAlive(streams)) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                long sum = 0;
                boolean caughtUp = true;
                for (var end : ends.entrySet()) {
                    OffsetAndMetadata offset = offsets.get(end.getKey());
                    long at = offset == null ? 0 : offset.offset();
                    sum += Math.min(at, end.getValue());
                    caughtUp &= at >= end.getValue();
                }
                committed.set(sum);
                if (caughtUp) {
                    completed = true;
                    break;
                }
                Thread.sleep(POLL_MS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // When the application did not finish in time, the rate is what it committed by then.
            long processed = completed ? total : committed.get();
            result.put("events", events);
            result.put("completed", completed);
            result.put("produceSeconds", produceSeconds);
            result.put("produceRate", events / produceSeconds);
            result.put("seconds", seconds);
            result.put("processed", processed);
            result.put("eventsPerSecond", processed / seconds);
            // Its producer and its Streams application run in this process: the reference's own CPU.
            result.put("processCpuSeconds", Stats.processCpuSeconds());
        } finally {
            progress.stop();
        }
    }

    private static boolean isAlive(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state.isRunningOrRebalancing();
    }

    /** Source → dedupe by event id → count per shopper → sink, with explicit serdes. */
    static Topology topology(String input, String output) {
        StoreBuilder<KeyValueStore<String, Long>> seen = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
        StoreBuilder<KeyValueStore<String, Long>> counts = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(COUNT_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
        return new Topology()
                .addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input)
                .addProcessor(DEDUPE, DedupeById::new, SOURCE)
                .addStateStore(seen, DEDUPE)
                .addProcessor(COUNT, CountPerShopper::new, DEDUPE)
                .addStateStore(counts, COUNT)
                .addSink(SINK, output, Serdes.String().serializer(), Serdes.Long().serializer(), COUNT);
    }

    /** Forwards the event id of every event whose id was not seen before; remembers it. */
    static final class DedupeById implements Processor<String, byte[], String, String> {
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, Long> seen;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.seen = context.getStateStore(SEEN_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            JsonNode event;
            try {
                event = JSON.readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String id = event.path(EVENT_ID).asText(null);
            if (id == null || seen.get(id) != null) {
                return;
            }
            seen.put(id, record.timestamp());
            context.forward(record.withValue(id));
        }
    }

    /** Counts first-seen events per shopper (the record key) and forwards the updated count. */
    static final class CountPerShopper implements Processor<String, String, String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore(COUNT_STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            Long before = counts.get(record.key());
            long count = before == null ? 1 : before + 1;
            counts.put(record.key(), count);
            context.forward(record.withValue(count));
        }
    }

    static Properties streamsConfig(String bootstrap, String applicationId, String guarantee, Path stateDir,
            short replication) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, NUM_STREAM_THREADS);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_MAX_BYTES);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_SIZE);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    /** Throughput's producer: idempotent, acks=all, the same batching. */
    static Properties producerConfig(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        return props;
    }

    /** Creates the topics; leftovers of an earlier run of the same name are deleted first. */
    private static void createTopics(Admin admin, List<NewTopic> topics) throws Exception {
        Set<String> leftovers = new HashSet<>(admin.listTopics().names().get());
        leftovers.retainAll(topics.stream().map(NewTopic::name).toList());
        if (!leftovers.isEmpty()) {
            admin.deleteTopics(leftovers).all().get();
        }
        for (NewTopic topic : topics) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    break;
                } catch (ExecutionException e) {
                    // A just deleted topic of the same name can take a moment to go.
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Deletes the consumer group. Kafka Streams' consumers do not leave their group on close, so its
     * members are removed first; a member that has not gone yet is retried until its session expires.
     */
    private static void deleteGroup(Admin admin, String groupId) throws Exception {
        long deadline = System.nanoTime() + GROUP_DELETE_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions()).all().get();
            } catch (ExecutionException e) {
                // No member left to remove (or none known): the deletion below tells.
            }
            try {
                admin.deleteConsumerGroups(List.of(groupId)).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Deletes the input and output topics, the application's internal topics (changelogs), its consumer
     * group and its local state; true when none of them is left.
     */
    private static boolean cleanUp(Admin admin, String input, String output, String applicationId, Path stateDir) {
        boolean clean = true;
        try {
            Set<String> ours = new HashSet<>(List.of(input, output));
            for (String name : admin.listTopics().names().get()) {
                if (name.startsWith(applicationId + "-")) {
                    ours.add(name);
                }
            }
            admin.deleteTopics(ours).all().get();
        } catch (Exception e) {
            System.err.println("  reference: deleting topics: " + e);
            clean = false;
        }
        try {
            deleteGroup(admin, applicationId);
        } catch (Exception e) {
            System.err.println("  reference: deleting the consumer group: " + e);
            clean = false;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("  reference: deleting the state directory: " + e);
            clean = false;
        }
        return clean;
    }
}
