package dev.lodestone.verify;

import dev.lodestone.gifts.Gift;
import dev.lodestone.gifts.GiftsKeys;
import dev.lodestone.gifts.GiftsTopics;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.points.LedgerEntry;
import dev.lodestone.points.PointsKeys;
import dev.lodestone.points.PointsTopics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks the points invariants against what is committed in Kafka and served from Redis:
 * <ol>
 *   <li>each shopper's ledger is a chain (versions 1..n, balanceAfter = previous + amount, never below 0)
 *       and the Redis balance equals the sum of the shopper's entries; a {@code forgotten} entry closes
 *       the chain at 0 (Redis then serves no balance) and a later entry starts a new one at version 1;
 *   <li>total earned − total spent = total of the Redis balances;
 *   <li>no gift's stock or reservations below zero, and none left reserved once settled;
 *   <li>confirmed exchanges = stock taken: debits for a gift = its confirmed count (+ reservations in flight);
 *   <li>every source id applied at most once.
 * </ol>
 * Used by the tests and by {@code quarkus-run.jar verify-points}.
 */
public final class PointsVerifier {

    /** What the verifier saw and every broken invariant. */
    public record Report(
            int shoppers,
            long entries,
            long earned,
            long spent,
            long redisBalances,
            int gifts,
            long confirmedExchanges,
            List<String> violations) {

        public boolean ok() {
            return violations.isEmpty();
        }

        public String summary() {
            return String.format(
                    "shoppers=%d entries=%d earned=%d spent=%d earned-spent=%d redisBalances=%d gifts=%d confirmedExchanges=%d violations=%d",
                    shoppers,
                    entries,
                    earned,
                    spent,
                    earned - spent,
                    redisBalances,
                    gifts,
                    confirmedExchanges,
                    violations.size());
        }
    }

    private final String bootstrapServers;
    private final String redisHosts;

    public PointsVerifier(String bootstrapServers, String redisHosts) {
        this.bootstrapServers = bootstrapServers;
        this.redisHosts = redisHosts;
    }

    /** Verifies until no violation is left or {@code patience} is over (projections catching up); the last report. */
    public Report awaitClean(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Report report = verify();
        while (!report.ok() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            report = verify();
        }
        return report;
    }

    public Report verify() throws IOException {
        List<String> violations = new ArrayList<>();
        Map<String, List<LedgerEntry>> byUser = new TreeMap<>();
        Map<String, Integer> sources = new HashMap<>();
        Map<String, Long> debitsByGift = new HashMap<>();
        long entries = 0;
        long earned = 0;
        long spent = 0;
        for (ConsumerRecord<String, byte[]> r : readAll(PointsTopics.POINTS_LEDGER.name())) {
            LedgerEntry e =
                    PointsTopics.POINTS_LEDGER.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (e == null) {
                continue;
            }
            entries++;
            byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
            sources.merge(e.userId() + "," + e.source(), 1, Integer::sum);
            if (e.amount() > 0) {
                earned += e.amount();
            } else {
                spent += -e.amount();
            }
            if (e.type() == LedgerEntry.Type.redeem
                    && e.reason() != null
                    && e.reason().startsWith("gift:")) {
                debitsByGift.merge(e.reason().substring(5), 1L, Long::sum);
            }
        }
        sources.forEach((source, n) -> {
            if (n > 1) {
                violations.add("source applied " + n + " times: " + source);
            }
        });

        Map<String, Gift> gifts = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(GiftsTopics.POINTS_GIFTS.name())) {
            Gift g = GiftsTopics.POINTS_GIFTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (g != null) {
                gifts.put(g.giftId(), g);
            }
        }

        long redisTotal = 0;
        long confirmed = 0;
        try (ServingStore redis = new ServingStore(redisHosts)) {
            Map<String, Long> redisBalances = balances(redis);
            for (long b : redisBalances.values()) {
                redisTotal += b;
            }
            Set<String> open = new HashSet<>();
            for (Map.Entry<String, List<LedgerEntry>> u : byUser.entrySet()) {
                long sum = 0;
                long version = 0;
                boolean closed = false;
                for (LedgerEntry e : u.getValue()) {
                    if (closed) {
                        // The shopper came back after a forget: a new account, from version 1.
                        sum = 0;
                        version = 0;
                        closed = false;
                    }
                    sum += e.amount();
                    version++;
                    if (e.version() != version || e.balanceAfter() != sum || e.balanceAfter() < 0) {
                        violations.add("ledger chain broken for " + u.getKey() + " at version " + e.version()
                                + " (expected version " + version + ", balance " + sum + ", got " + e.balanceAfter()
                                + ")");
                        break;
                    }
                    if (e.type() == LedgerEntry.Type.forgotten) {
                        if (sum != 0) {
                            violations.add("the account of " + u.getKey() + " was closed at " + sum + ", not 0");
                        }
                        closed = true;
                    }
                }
                Long served = redisBalances.get(u.getKey());
                if (closed) {
                    if (served != null) {
                        violations.add("Redis still serves the balance of forgotten " + u.getKey());
                    }
                    continue;
                }
                open.add(u.getKey());
                if (served == null || served != sum) {
                    violations.add("Redis balance of " + u.getKey() + " is " + served + ", the ledger sums to " + sum);
                }
            }
            for (String user : redisBalances.keySet()) {
                if (!open.contains(user)) {
                    violations.add("Redis has a balance for " + user + " without an open account in the ledger");
                }
            }
            if (earned - spent != redisTotal) {
                violations.add(
                        "total earned - spent = " + (earned - spent) + " but Redis balances total " + redisTotal);
            }
            for (Gift g : gifts.values()) {
                confirmed += g.confirmed();
                if (g.stock() < 0 || g.reserved() < 0) {
                    violations.add("gift " + g.giftId() + " has stock " + g.stock() + ", reserved " + g.reserved());
                }
                if (g.reserved() > 0) {
                    violations.add("gift " + g.giftId() + " has " + g.reserved() + " unsettled reservation(s)");
                }
                long debits = debitsByGift.getOrDefault(g.giftId(), 0L);
                if (debits < g.confirmed() || debits > g.confirmed() + Math.max(0, g.reserved())) {
                    violations.add("gift " + g.giftId() + " confirmed " + g.confirmed()
                            + " exchanges but the ledger has " + debits + " debits for it");
                }
                String json = redis.hget(GiftsKeys.gift(g.giftId()), "d");
                Gift served = json == null ? null : JsonSerde.MAPPER.readValue(json, Gift.class);
                if (served == null || served.version() != g.version()) {
                    violations.add("Redis gift " + g.giftId() + " is at version "
                            + (served == null ? "none" : served.version()) + ", the topic at " + g.version());
                }
            }
        }
        return new Report(byUser.size(), entries, earned, spent, redisTotal, gifts.size(), confirmed, violations);
    }

    private static Map<String, Long> balances(ServingStore redis) throws IOException {
        Map<String, Long> balances = new HashMap<>();
        String prefix = PointsKeys.BALANCE_PREFIX;
        String cursor = "0";
        do {
            Response page = redis.scan(cursor, prefix + "*");
            cursor = page.get(0).toString();
            for (Response key : page.get(1)) {
                String json = redis.hget(key.toString(), "d");
                if (json != null) {
                    balances.put(
                            PointsKeys.userIdOfBalance(key.toString()),
                            JsonSerde.MAPPER.readTree(json).path("balance").asLong());
                }
            }
        } while (!cursor.equals("0"));
        return balances;
    }

    /**
     * The serving store through the Vert.x Redis client, on a Vert.x instance of its own: the verifier
     * runs without the application. It uses the plain Vert.x API, not the Mutiny one: Mutiny's context
     * propagation would build the application's configuration, which starts the embedded servers. The
     * first of several hosts is read (a single node).
     */
    private static final class ServingStore implements AutoCloseable {
        private static final Duration REPLY_WITHIN = Duration.ofSeconds(30);

        private final Vertx vertx;
        private final Redis client;
        private final RedisAPI api;

        ServingStore(String hosts) {
            vertx = Vertx.vertx();
            client = Redis.createClient(vertx, hosts.split(",")[0].trim());
            api = RedisAPI.api(client);
        }

        /** A hash field, or null. */
        String hget(String key, String field) throws IOException {
            Response value = await(api.hget(key, field));
            return value == null ? null : value.toString();
        }

        /** One page of {@code SCAN cursor MATCH pattern}: the next cursor and the keys. */
        Response scan(String cursor, String pattern) throws IOException {
            return await(api.scan(List.of(cursor, "MATCH", pattern, "COUNT", "1000")));
        }

        private static <T> T await(Future<T> future) throws IOException {
            try {
                return future.toCompletionStage()
                        .toCompletableFuture()
                        .get(REPLY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IOException("Redis: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("Redis did not answer within " + REPLY_WITHIN, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Redis", e);
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            await(vertx.close());
        }
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "lodestone-points-verifier"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // Entries of one shopper live in one partition; reading partition by partition keeps their order.
            for (TopicPartition p : partitions) {
                consumer.assign(List.of(p));
                consumer.seekToBeginning(List.of(p));
                while (consumer.position(p) < end.get(p)) {
                    for (ConsumerRecord<String, byte[]> r :
                            consumer.poll(Duration.ofMillis(500)).records(p)) {
                        if (r.offset() < end.get(p)) {
                            records.add(r);
                        }
                    }
                }
            }
        }
        return records;
    }
}
