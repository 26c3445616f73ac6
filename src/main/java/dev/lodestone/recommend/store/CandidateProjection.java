package dev.lodestone.recommend.store;

import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.projection.RedisProjection;
import dev.lodestone.platform.redis.ForgettableProjection;
import dev.lodestone.platform.redis.ProjectionBatch;
import dev.lodestone.profile.ProfileTopics;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.Ranker;
import dev.lodestone.recommend.RankerSettings;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.store.CandidateCodec.Candidates;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps each shopper's ranked candidates in Redis: on every change of the shopper's profile
 * ({@code shopper-profiles}), ranks the plain request (no context, category or price; the default
 * ranking) from the profile and this instance's item lists, and writes the best
 * {@code materialised-candidates} with their scores and reasons as one compact value
 * ({@link CandidateCodec}). Serving a plain recommendation then reads that one value and only filters
 * it (exclusions, stock) and applies the category cap, instead of parsing the profile and ranking
 * hundreds of candidates per request.
 *
 * <p>The write is the profile projection's: a compare-and-set, refused for a shopper forgotten after the
 * profile was built; the profile's tombstone deletes the candidates and leaves the marker; the value
 * expires {@code materialised-ttl} after the shopper's newest event. Candidates of a newer profile (a
 * later newest event) always win; of one profile, the later computation wins
 * ({@link KeptCandidates#version}), so the request path can write what it ranked too
 * ({@link #keepRanked}). The value names the recent items that had no neighbour list yet (a new item's
 * list is published a moment after the profile that names it): the shopper is ranked again when one of
 * those lists appears, and serving ranks from the profile whenever one of them has a list the kept value
 * did not use, or the value is older than {@code materialised-max-age}, and writes the result back.
 * While this instance's item lists are not loaded (start-up) nothing is written: the request path ranks
 * those shoppers itself.
 */
@ApplicationScoped
public class CandidateProjection implements RedisProjection {

    public static final String CHANNEL = "candidates-projection";

    /** How often one profile may be ranked again while its recent items' neighbour lists appear. */
    static final int MAX_RERANKS = 3;

    /** How long a shopper waits for a recent item's neighbour list to appear before the request path takes over. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** Bounds the memory of the profiles waiting to be ranked again (a few KB each). */
    static final int MAX_WAITING = 10_000;

    /** How often the waiting shoppers are checked. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(CandidateProjection.class);

    private final ForgettableProjection projection;
    private final ServingSnapshots snapshots;
    private final ItemListCache lists;
    private final CatalogCache catalog;
    private final RecommendConfig config;
    private final Ranker ranker;

    /** A profile ranked while some of its recent items had no neighbour list. */
    private record Waiting(ShopperProfile profile, List<String> missing, int attempt, long sinceMillis) {}

    /** Shoppers waiting to be ranked again; beyond {@link #MAX_WAITING} (a burst of new items) none waits. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("candidates-recheck").daemon().factory());

    CandidateProjection(
            ReactiveRedisDataSource redis,
            ServingSnapshots snapshots,
            ItemListCache lists,
            CatalogCache catalog,
            RecommendConfig config) {
        this.projection = new ForgettableProjection(redis);
        this.snapshots = snapshots;
        this.lists = lists;
        this.catalog = catalog;
        this.config = config;
        this.ranker = new Ranker(RankerSettings.from(config));
    }

    @Override
    public List<String> channels() {
        return List.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public Uni<Void> project(ConsumerRecords<String, byte[]> records) {
        if (!config.materialised()) {
            return Uni.createFrom().voidItem();
        }
        return ProjectionBatch.lastPerKey(records, this::write);
    }

    private Uni<Void> write(ConsumerRecord<String, byte[]> record) {
        String shopperKey = record.key();
        if (record.value() == null) {
            return projection.forget(
                    RecommendKeys.candidates(shopperKey),
                    RecommendKeys.forgotten(shopperKey),
                    Instant.ofEpochMilli(record.timestamp()));
        }
        if (!lists.loaded() || !catalog.loaded()) {
            return Uni.createFrom().voidItem();
        }
        return rank(shopperKey, ProfileTopics.SHOPPER_PROFILES.readValue(record.value()), 0);
    }

    /**
     * Ranks and writes a shopper's candidates. When some recent items had no neighbour list yet (their
     * lists come from another sub-topology, a moment after the profile and longer under a burst), the
     * shopper waits, and is ranked again from the same profile as soon as one of those lists appears (at
     * most {@link #MAX_RERANKS} times, within {@link #MAX_WAIT}). A later attempt is a later computation,
     * so the compare-and-set takes it, and still refuses it once a newer profile is written.
     */
    private Uni<Void> rank(String shopperKey, ShopperProfile profile, int attempt) {
        RecommendationSnapshot snapshot = snapshots.build(
                KeptCandidates.plain(shopperKey, config.defaultLimit()),
                profile,
                ranker.settings().recentSources());
        Candidates kept = KeptCandidates.of(
                ranker,
                snapshot,
                shopperKey,
                config.defaultLimit(),
                config.materialisedCandidates(),
                System.currentTimeMillis());
        List<String> missing = kept.missingSources();
        if (missing.isEmpty() || attempt >= MAX_RERANKS) {
            waiting.remove(shopperKey);
        } else if (waiting.size() < MAX_WAITING || waiting.containsKey(shopperKey)) {
            long since = attempt == 0
                    ? System.currentTimeMillis()
                    : waiting.get(shopperKey).sinceMillis();
            waiting.put(shopperKey, new Waiting(profile, missing, attempt, since));
        }
        return write(shopperKey, profile, kept).replaceWithVoid();
    }

    /**
     * Writes candidates the request path had to rank from the shopper's profile as stored (the kept ones
     * were missing, older than {@code materialised-max-age}, or missed a neighbour list that has appeared
     * since): exactly what this projection would write now ({@link KeptCandidates}), so every instance's
     * next read of the shopper picks from them instead of ranking again until the shopper's next event.
     * Refused, like any write, when candidates of a newer profile or a later computation are stored, or
     * the shopper was forgotten.
     *
     * @return true when written
     */
    public Uni<Boolean> keepRanked(String shopperKey, ShopperProfile profile, Candidates ranked) {
        return write(shopperKey, profile, ranked);
    }

    /**
     * The compare-and-set of a shopper's candidates: the newest event's intake time orders profiles; within
     * one profile, the time the candidates were computed orders their versions (a re-rank after a list
     * appeared, or a request path ranking after the value aged, replaces an earlier one).
     */
    private Uni<Boolean> write(String shopperKey, ShopperProfile profile, Candidates kept) {
        return projection.write(
                RecommendKeys.candidates(shopperKey),
                RecommendKeys.forgotten(shopperKey),
                KeptCandidates.version(kept.computedAtMillis()),
                CandidateCodec.encode(kept.computedAtMillis(), kept.missingSources(), kept.items()),
                profile.lastReceivedAt(),
                config.materialisedTtl());
    }

    /**
     * Ranks again every waiting shopper one of whose missing neighbour lists has appeared. A shopper whose
     * ranking fails leaves the queue: an exception escaping this task would cancel every later check.
     */
    void recheck() {
        long now = System.currentTimeMillis();
        waiting.forEach((shopperKey, w) -> {
            if (now - w.sinceMillis() > MAX_WAIT.toMillis()) {
                waiting.remove(shopperKey, w);
            } else if (w.missing().stream().anyMatch(snapshots::hasNeighbours)) {
                try {
                    rank(shopperKey, w.profile(), w.attempt() + 1)
                            .subscribe()
                            .with(ignored -> {}, failure -> LOG.debugf(failure, "re-ranking %s", shopperKey));
                } catch (RuntimeException failure) {
                    waiting.remove(shopperKey, w);
                    LOG.debugf(failure, "re-ranking %s", shopperKey);
                }
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        checks.scheduleWithFixedDelay(
                this::recheck, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        checks.shutdownNow();
    }
}
