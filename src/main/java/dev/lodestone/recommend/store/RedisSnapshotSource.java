package dev.lodestone.recommend.store;

import dev.lodestone.catalog.store.CatalogCache;
import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.profile.ProfileKeys;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.recommend.RecommendKeys;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.RecommendationSnapshotSource;
import dev.lodestone.signals.SignalsKeys;
import dev.lodestone.signals.store.NotInterestedStore;
import dev.lodestone.signals.store.NotInterestedStore.Marks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads a shopper's snapshot with ONE Redis command: {@code HGET} of the shopper's profile (one key,
 * so Redis Cluster routes it like any other). Everything else a ranking needs is the same for every
 * shopper and is in this instance's memory ({@link ServingSnapshots}): neighbour and trending lists
 * followed from their topics, the catalog and its newest items. Until now one Lua script read the
 * profile, the neighbour lists, the trending lists and the newest items in Redis and returned them as
 * one JSON document: Redis spent about 0.3 ms of its one thread per request on it, which was the
 * ceiling of recommendations (docs/benchmarks.md).
 *
 * <p>A storefront never waits on Redis longer than {@link #BUDGET_MS}: a read that is slower, that
 * fails, or that is not even tried because the circuit is open (most recent reads failed) is answered
 * from {@link FallbackSnapshots} instead.
 */
@ApplicationScoped
public class RedisSnapshotSource implements RecommendationSnapshotSource {

    /** The serving budget of the one Redis round trip. */
    static final long BUDGET_MS = 800;

    /** The field of a versioned document's hash (the profile's JSON, the kept candidates) holding its value. */
    static final String PROFILE_FIELD = "d";

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ServingSnapshots snapshots;
    private final FallbackSnapshots fallback;

    RedisSnapshotSource(
            ReactiveRedisDataSource redis, CatalogCache catalog, ServingSnapshots snapshots, RecommendConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.snapshots = snapshots;
        this.fallback = new FallbackSnapshots(catalog.items(), config.catalogCandidates());
    }

    @Override
    @AsynchronousNonBlocking
    @Timeout(BUDGET_MS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    @Fallback(fallbackMethod = "fromMemory")
    public Uni<RecommendationSnapshot> fetch(RecommendationRequest request, int recentSources) {
        Uni<String> profile = request.shopperKey() == null
                ? Uni.createFrom().nullItem()
                : hashes.hget(ProfileKeys.profile(request.shopperKey()), PROFILE_FIELD);
        return profile.map(json -> snapshots.build(request, parse(json), recentSources))
                .invoke(fallback::remember);
    }

    /** The budget of the read of a shopper's kept candidates; past it the request ranks from the profile. */
    static final long CANDIDATES_BUDGET_MS = 300;

    /**
     * What a plain list reads: the shopper's kept candidates (null for none) and "not interested" marks;
     * {@code answered} is false for the empty read that stands in when Redis did not answer.
     */
    public record PlainRead(CandidateCodec.Candidates candidates, Marks marks, boolean answered, LastPick lastPick) {

        public PlainRead(CandidateCodec.Candidates candidates, Marks marks, boolean answered) {
            this(candidates, marks, answered, new LastPick());
        }
    }

    /**
     * The last list picked from one read's candidates (stock, marks, the category cap, the demotion), and
     * what it was picked for. A read the near cache holds is asked for again and again with the same limit:
     * the list is handed out again while the catalog has not changed, instead of filtering the candidates
     * on every request. Held by the read itself, so it goes when the near cache drops the read.
     */
    public static final class LastPick {

        private record Pick(int limit, long catalogVersion, List<RankedItem> items) {}

        private volatile Pick pick;

        /** The list last picked for this limit and catalog version, or null. */
        public List<RankedItem> get(int limit, long catalogVersion) {
            Pick last = pick;
            return last != null && last.limit() == limit && last.catalogVersion() == catalogVersion
                    ? last.items()
                    : null;
        }

        /** Keeps a list picked for this limit from the catalog of this version (read before picking). */
        public void set(int limit, long catalogVersion, List<RankedItem> items) {
            pick = new Pick(limit, catalogVersion, items);
        }
    }

    /**
     * A shopper's kept candidates ({@link CandidateProjection}) and "not interested" marks, in one round
     * trip: the three keys share the shopper's hash tag, so they are sent as one batch on one connection
     * (to the one node of their slot on a Redis Cluster). Candidates are null when there are none (no
     * profile yet, expired, not written while the lists loaded); both are empty when Redis does not answer
     * within the budget: the caller then ranks from the profile ({@link #fetch}), which has its own
     * fallback.
     */
    @AsynchronousNonBlocking
    @Timeout(CANDIDATES_BUDGET_MS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5_000, successThreshold = 2)
    @Fallback(fallbackMethod = "noPlainRead")
    public Uni<PlainRead> plain(String shopperKey) {
        List<Request> requests = new ArrayList<>(PLAIN_COMMANDS);
        addPlainRequests(requests, shopperKey);
        return redis.getRedis().batch(requests).map(replies -> plainRead(replies, 0));
    }

    /**
     * The plain reads of several shoppers in one batch, in their order: no budget, breaker or fallback (no
     * storefront waits on it; the near cache reads the shoppers whose keys just changed this way, and a
     * failure only means it keeps nothing). A single Redis only, like the near cache: the shoppers' keys
     * are in different slots of a cluster.
     */
    public Uni<List<PlainRead>> plainReads(List<String> shopperKeys) {
        List<Request> requests = new ArrayList<>(PLAIN_COMMANDS * shopperKeys.size());
        for (String shopperKey : shopperKeys) {
            addPlainRequests(requests, shopperKey);
        }
        return redis.getRedis().batch(requests).map(replies -> {
            List<PlainRead> reads = new ArrayList<>(shopperKeys.size());
            for (int i = 0; i < shopperKeys.size(); i++) {
                reads.add(plainRead(replies, i * PLAIN_COMMANDS));
            }
            return reads;
        });
    }

    /** The commands of one shopper's plain read. */
    private static final int PLAIN_COMMANDS = 3;

    private static void addPlainRequests(List<Request> requests, String shopperKey) {
        requests.add(Request.cmd(Command.HGET)
                .arg(RecommendKeys.candidates(shopperKey))
                .arg(PROFILE_FIELD));
        requests.add(Request.cmd(Command.HGET)
                .arg(SignalsKeys.notInterested(shopperKey))
                .arg(PROFILE_FIELD));
        requests.add(Request.cmd(Command.HGETALL).arg(SignalsKeys.notInterestedNow(shopperKey)));
    }

    private PlainRead plainRead(List<Response> replies, int first) {
        return new PlainRead(
                CandidateCodec.decode(text(replies.get(first)), snapshots::itemId),
                NotInterestedStore.marksOf(text(replies.get(first + 1)), fields(replies.get(first + 2))),
                true);
    }

    Uni<PlainRead> noPlainRead(String shopperKey) {
        return Uni.createFrom().item(new PlainRead(null, Marks.NONE, false));
    }

    private static String text(Response reply) {
        return reply == null ? null : reply.toString();
    }

    /** A hash from {@code HGETALL}: a map under RESP3, field/value pairs under RESP2. */
    private static Map<String, String> fields(Response reply) {
        if (reply == null || reply.size() == 0) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : reply.getKeys()) {
            fields.put(field, reply.get(field).toString());
        }
        return fields;
    }

    /** The fallback of {@link #fetch}: same signature, answered from memory. */
    Uni<RecommendationSnapshot> fromMemory(RecommendationRequest request, int recentSources) {
        return Uni.createFrom().item(() -> fallback.snapshot(request));
    }

    /** The profile stored in Redis, or null for none. */
    static ShopperProfile parse(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JsonSerde.MAPPER.readValue(json, ShopperProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
