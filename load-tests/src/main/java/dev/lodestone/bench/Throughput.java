package dev.lodestone.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * T1: produces generated events straight to {@code shopper-events} (so the REST intake is not the
 * bottleneck) as fast as the broker takes them, and times how long Kafka → Streams → Redis needs to
 * take them all.
 *
 * <p>Done means both: one sentinel event per partition, produced after the load, is visible through
 * {@code GET /v1/users/{id}/activity} (so every earlier event of its partition reached Redis), and the
 * Kafka Streams group {@code streamsGroup} has no lag on any topic it reads (so every feature's
 * sub-topology, repartitions included, has processed everything). A sampler records, every
 * {@code sampleMs}, the records produced, the records Kafka Streams committed on the source topic and
 * the lag of every consumer group, for the chart.
 */
final class Throughput {

    private Throughput() {}

    static Map<String, Object> run(Args args) throws Exception {
        String bootstrap = args.required("bootstrap");
        long events = args.number("events", 500_000);
        String topic = args.text("topic", "shopper-events");
        String streamsGroup = args.text("streamsGroup", "lodestone");
        String run = args.text("run", "t1");
        long sampleMs = args.number("sampleMs", 250);
        long timeoutMs = args.number("timeoutSeconds", 600) * 1000;
        Path timeline = args.text("timeline", null) == null ? null : Path.of(args.text("timeline", null));
        Http http = new Http(args.required("baseUrl"), args.required("token"));
        Workload workload = new Workload((int) args.number("items", 10_000), args.decimal("zipf", 1.0));
        Workload.Sessions sessions = workload.new Sessions(
                run.hashCode(), (int) args.number("userFrom", 0), (int) args.number("userTo", 100_000), run, true);

        Properties admin = new Properties();
        admin.put("bootstrap.servers", bootstrap);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        producerProps.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));

        try (Admin adminClient = Admin.create(admin);
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            Map<TopicPartition, Long> startEnd = endOffsets(adminClient, List.of(topic));
            long base = startEnd.values().stream().mapToLong(Long::longValue).sum();
            AtomicLong acked = new AtomicLong();
            Sampler sampler = new Sampler(adminClient, topic, streamsGroup, base, acked, sampleMs, timeline);
            long start = System.nanoTime();
            for (long i = 0; i < events; i++) {
                Workload.Sessions.Event event = sessions.next();
                producer.send(new ProducerRecord<>(topic, event.key(), event.json().getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error == null) {
                                acked.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("  produced %,d events in %.1f s (%,.0f/s)%n", events, produceSeconds, events / produceSeconds);

            List<String> sentinels = sentinels(run, partitions);
            for (String user : sentinels) {
                String json = "{\"eventId\":\"" + user + "\",\"type\":\"view\",\"userId\":\"" + user
                        + "\",\"itemId\":\"item-0\",\"receivedAt\":\"" + Instant.now() + "\"}";
                producer.send(new ProducerRecord<>(topic, "u:" + user, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();

            Set<String> waiting = new HashSet<>(sentinels);
            boolean streamsDrained = false;
            double sentinelSeconds = Double.NaN;
            long sampleAtSentinels = Long.MAX_VALUE;
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while ((!waiting.isEmpty() || !streamsDrained) && System.nanoTime() < deadline) {
                for (String user : List.copyOf(waiting)) {
                    if (http.get("/v1/users/" + user + "/activity").statusCode() == 200) {
                        waiting.remove(user);
                    }
                }
                if (waiting.isEmpty() && Double.isNaN(sentinelSeconds)) {
                    sentinelSeconds = (System.nanoTime() - start) / 1e9;
                    sampleAtSentinels = sampler.samples;
                }
                // Only a sample taken after the sentinels arrived can tell that Streams is idle.
                streamsDrained = waiting.isEmpty() && sampler.samples > sampleAtSentinels && sampler.streamsLag() <= 0;
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.stop();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("events", events);
            result.put("completed", waiting.isEmpty() && streamsDrained);
            result.put("produceSeconds", produceSeconds);
            result.put("produceRate", events / produceSeconds);
            result.put("sentinelSeconds", sentinelSeconds);
            result.put("seconds", seconds);
            // When the pipeline did not finish in time, the rate is what Streams committed of the source.
            boolean completed = waiting.isEmpty() && streamsDrained;
            long processed = completed ? events : Math.min(events, sampler.sourceCommitted);
            result.put("processed", processed);
            result.put("eventsPerSecond", processed / seconds);
            result.put("maxLag", sampler.maxLag);
            result.put("processCpuSeconds", Stats.processCpuSeconds());
            return result;
        }
    }

    /**
     * Waits until no consumer group has lag (the pipeline is idle and caught up): seeding is over
     * before anything is measured.
     */
    static Map<String, Object> drain(Args args) throws Exception {
        Properties admin = new Properties();
        admin.put("bootstrap.servers", args.required("bootstrap"));
        long timeoutNanos = args.number("timeoutSeconds", 600) * 1_000_000_000L;
        long start = System.nanoTime();
        try (Admin adminClient = Admin.create(admin)) {
            Sampler sampler = new Sampler(adminClient, args.text("topic", "shopper-events"),
                    args.text("streamsGroup", "lodestone"), 0, new AtomicLong(), 500, null);
            int idle = 0;
            long lastPrint = 0;
            long seen = 0;
            while (idle < 3 && System.nanoTime() - start < timeoutNanos) {
                Thread.sleep(200);
                if (sampler.samples == seen) {
                    continue;
                }
                seen = sampler.samples;
                // No committed offsets yet (-1) means Streams has had nothing to process.
                long lag = Math.max(0, sampler.streamsLag()) + Math.max(0, sampler.otherLag);
                idle = lag == 0 ? idle + 1 : 0;
                if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                    System.err.printf("  waiting for the pipeline to catch up: lag %,d %s%n", lag, sampler.lagBy);
                    lastPrint = System.nanoTime();
                }
            }
            sampler.stop();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("drained", idle >= 3);
            result.put("seconds", (System.nanoTime() - start) / 1e9);
            return result;
        }
    }

    /** One user per partition, found with the producer's own key hash. */
    private static List<String> sentinels(String run, int partitions) {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < partitions; i++) {
            String user = run + "-sentinel-" + i;
            byte[] key = ("u:" + user).getBytes(StandardCharsets.UTF_8);
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(key)) % partitions, user);
        }
        return new ArrayList<>(byPartition.values());
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var entry : admin.describeTopics(topics).allTopicNames().get().entrySet()) {
            entry.getValue().partitions().forEach(p -> request.put(new TopicPartition(entry.getKey(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Projections of topics written on a timer (the dashboard publishes its parts every second), whose
     * lag of a few records is the timer's, not the pipeline's: a drain waiting for them to read zero
     * three samples in a row only ran into its timeout.
     */
    static final Set<String> TICKING = Set.of("lodestone-dashboard-projection");

    /** Samples committed offsets and lags of every consumer group in the background. */
    static final class Sampler {
        private final Admin admin;
        private final String topic;
        private final String streamsGroup;
        private final long base;
        private final AtomicLong acked;
        private final Thread thread;
        private volatile long streamsLag = -1;
        volatile long otherLag = -1;
        /** Who lags: consumer group (and topic, for the Streams group) → records, for progress lines. */
        volatile Map<String, Long> lagBy = Map.of();
        volatile long samples;
        volatile long sourceCommitted;
        volatile long maxLag;

        Sampler(Admin admin, String topic, String streamsGroup, long base, AtomicLong acked, long sampleMs, Path timeline)
                throws Exception {
            this.admin = admin;
            this.topic = topic;
            this.streamsGroup = streamsGroup;
            this.base = base;
            this.acked = acked;
            PrintWriter out = timeline == null ? null : new PrintWriter(Files.newBufferedWriter(timeline));
            if (out != null) {
                out.println("seconds,produced,streams_committed,streams_lag,other_lag");
            }
            long start = System.nanoTime();
            thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        sample(out, (System.nanoTime() - start) / 1e9);
                        Thread.sleep(sampleMs);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    System.err.println("sampler: " + e);
                } finally {
                    if (out != null) {
                        out.close();
                    }
                }
            });
        }

        private void sample(PrintWriter out, double seconds) throws Exception {
            long streams = 0;
            long streamsCommitted = 0;
            long other = 0;
            long otherSettled = 0;
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            Set<String> topics = new HashSet<>();
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                committed.put(group.groupId(), offsets);
                offsets.keySet().forEach(tp -> topics.add(tp.topic()));
            }
            Map<TopicPartition, Long> ends = topics.isEmpty() ? Map.of() : endOffsets(admin, topics);
            Map<String, Long> by = new java.util.TreeMap<>();
            for (var group : committed.entrySet()) {
                for (var entry : group.getValue().entrySet()) {
                    if (entry.getValue() == null) {
                        continue;
                    }
                    long lag = Math.max(0, ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
                    if (lag > 1) {
                        String who = group.getKey().equals(streamsGroup)
                                ? group.getKey() + "/" + entry.getKey().topic()
                                : group.getKey();
                        by.merge(who, lag, Long::sum);
                    }
                    if (TICKING.contains(group.getKey())) {
                        // Fed by a wall-clock punctuation every second, idle or not: never a backlog.
                        continue;
                    }
                    if (group.getKey().equals(streamsGroup)) {
                        streams += lag;
                        if (entry.getKey().topic().equals(topic)) {
                            streamsCommitted += entry.getValue().offset();
                        }
                    } else {
                        other += lag;
                        // A read_committed projection commits past its last record, never past the
                        // transaction marker behind it: one offset per partition is not a lag.
                        otherSettled += Math.max(0, lag - 1);
                    }
                }
            }
            streamsLag = committed.containsKey(streamsGroup) ? streams : -1;
            otherLag = otherSettled;
            lagBy = by;
            sourceCommitted = Math.max(0, streamsCommitted - base);
            samples++;
            maxLag = Math.max(maxLag, streams);
            if (out != null) {
                out.printf(java.util.Locale.ROOT, "%.2f,%d,%d,%d,%d%n", seconds, acked.get(),
                        Math.max(0, streamsCommitted - base), streams, other);
                out.flush();
            }
        }

        long streamsLag() {
            return streamsLag;
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
        }
    }
}
