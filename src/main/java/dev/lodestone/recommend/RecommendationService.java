package dev.lodestone.recommend;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.platform.errors.ApiException;
import dev.lodestone.platform.projection.ProjectionMonitor;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.store.CandidateCodec.Candidates;
import dev.lodestone.recommend.store.CandidateProjection;
import dev.lodestone.recommend.store.KeptCandidates;
import dev.lodestone.recommend.store.ListAnswers;
import dev.lodestone.recommend.store.OwnEvents;
import dev.lodestone.recommend.store.PlainReadCache;
import dev.lodestone.recommend.store.RedisSnapshotSource;
import dev.lodestone.recommend.store.RedisSnapshotSource.LastPick;
import dev.lodestone.recommend.store.RedisSnapshotSource.PlainRead;
import dev.lodestone.recommend.store.ServingSnapshots;
import dev.lodestone.signals.store.NotInterestedStore;
import dev.lodestone.signals.store.NotInterestedStore.Marks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Serving: one Redis read for a shopper's profile (and one for the "not interested" marks, beside it),
 * the rest from this instance's memory, then the pure {@link Ranker}. When Redis cannot answer within
 * its budget the snapshot is a fallback (popular and new items) and every item's reason says
 * {@code fallback}. {@code /similar} and {@code /trending} read nothing personal, so they are answered
 * from memory alone.
 */
@ApplicationScoped
public class RecommendationService {

    /**
     * {@code {"recommendationId":"…","experiment":"…","variant":"…","items":[…]}}; {@code experiment} and
     * {@code variant} are null when no experiment applies to the shopper.
     */
    public record Recommendations(String recommendationId, String experiment, String variant, List<RankedItem> items) {}

    /** {@code {"items":[…]}} of {@code /similar} and {@code /trending}. */
    public record Items(List<RankedItem> items) {}

    /** How long the marks may take; the snapshot's own budget is longer, so they never delay a fallback list. */
    static final Duration MARKS_BUDGET = Duration.ofMillis(500);

    /** What a demoted item's score is multiplied by. */
    static final double DEMOTION = 0.5;

    /** Loading the item lists takes seconds at start-up. */
    static final int RETRY_LOADING_SECONDS = 2;

    private static final Logger LOG = Logger.getLogger(RecommendationService.class);

    private final RedisSnapshotSource source;
    private final PlainReadCache plainReads;
    private final CandidateProjection candidates;
    private final ServingSnapshots snapshots;
    private final ListAnswers answers;
    private final Ranker ranker;
    private final Ranker similarRanker;
    private final RecommendMetrics metrics;
    private final RecommendConfig config;
    private final RankingVariants variants;

    private final NotInterestedStore notInterested;
    private final OwnEvents ownEvents;
    private final ProjectionMonitor projections;

    RecommendationService(
            RedisSnapshotSource source,
            PlainReadCache plainReads,
            CandidateProjection candidates,
            ServingSnapshots snapshots,
            ListAnswers answers,
            RecommendConfig config,
            RecommendMetrics metrics,
            RankingVariants variants,
            NotInterestedStore notInterested,
            OwnEvents ownEvents,
            ProjectionMonitor projections) {
        this.notInterested = notInterested;
        this.ownEvents = ownEvents;
        this.projections = projections;
        this.config = config;
        this.variants = variants;
        this.source = source;
        this.plainReads = plainReads;
        this.candidates = candidates;
        this.snapshots = snapshots;
        this.answers = answers;
        this.ranker = new Ranker(RankerSettings.from(this.config));
        this.similarRanker = new Ranker(RankerSettings.from(this.config).withIncludeSeen(false));
        this.metrics = metrics;
    }

    public RecommendConfig config() {
        return config;
    }

    /**
     * A shopper's or a session's list. A plain list the near cache's copy answers is served from memory at
     * once; every other list first checks that Redis may be read ({@link ProjectionMonitor#readable}: the
     * endpoints are {@code ProjectionRead(markerFirst = false)}), since a copy is what Redis held and is
     * dropped when Redis is emptied, while a read of an emptied Redis would be a wrong answer.
     */
    public Uni<Recommendations> recommend(RecommendationRequest request) {
        long start = System.nanoTime();
        RankingVariants.Assigned arm =
                request.shopperKey() == null ? null : variants.assign(request.shopperKey(), ranker.settings());
        Ranker chosen = arm == null || arm.settings() == ranker.settings() ? ranker : new Ranker(arm.settings());
        boolean plain = chosen == ranker && plain(request);
        PlainRead copy = plain && !ownEvents.holds(request.shopperKey()) ? plainReads.copy(request.shopperKey()) : null;
        if (copy != null) {
            List<RankedItem> kept = fromCandidates(request, copy.candidates(), copy.marks(), copy.lastPick());
            if (kept != null) {
                return Uni.createFrom().item(kept(request, arm, kept, start));
            }
            return projections.readable().chain(() -> rankedFromProfile(request, arm, copy, start));
        }
        return projections.readable().chain(() -> fromRedis(request, arm, chosen, plain, start));
    }

    /** A list that reads Redis: the snapshot, the profile beside own events, or the plain read. */
    private Uni<Recommendations> fromRedis(
            RecommendationRequest request, RankingVariants.Assigned arm, Ranker chosen, boolean plain, long start) {
        if (!plain) {
            return Uni.combine()
                    .all()
                    .unis(source.fetch(request, chosen.settings().recentSources()), notInterested(request))
                    .asTuple()
                    .map(t -> answer(request, arm, ranked(request, chosen, t.getItem1(), t.getItem2()), start));
        }
        if (ownEvents.holds(request.shopperKey())) {
            // Both reads at once: this list needs the profile whatever the kept candidates say.
            return Uni.combine()
                    .all()
                    .unis(
                            plainReads.read(request.shopperKey()),
                            source.fetch(request, chosen.settings().recentSources()))
                    .asTuple()
                    .map(t -> answer(request, arm, withOwnEvents(request, t.getItem1(), t.getItem2()), start));
        }
        return plainReads.read(request.shopperKey()).chain(read -> {
            List<RankedItem> kept = fromCandidates(request, read.candidates(), read.marks(), read.lastPick());
            return kept != null
                    ? Uni.createFrom().item(kept(request, arm, kept, start))
                    : rankedFromProfile(request, arm, read, start);
        });
    }

    /** A plain list from the shopper's kept candidates. */
    private Recommendations kept(
            RecommendationRequest request, RankingVariants.Assigned arm, List<RankedItem> kept, long start) {
        metrics.path(RecommendMetrics.Path.KEPT);
        return answer(request, arm, kept, start);
    }

    /** A plain list the kept candidates of {@code read} could not answer: ranked from the profile in Redis. */
    private Uni<Recommendations> rankedFromProfile(
            RecommendationRequest request, RankingVariants.Assigned arm, PlainRead read, long start) {
        metrics.path(RecommendMetrics.Path.RANKED);
        return source.fetch(request, ranker.settings().recentSources())
                .map(snapshot -> answer(request, arm, rankedPlain(request, read, snapshot), start));
    }

    /**
     * A plain list of a shopper with events this instance accepted ({@link OwnEvents}): while the profile
     * read with it does not show them all, ranked with their items as the request's context (the current
     * item last), as a storefront passing {@code context} would have it; once it does, as any plain list
     * ranked on the request, whose fresh candidates this instance then keeps.
     */
    private List<RankedItem> withOwnEvents(
            RecommendationRequest request, PlainRead read, RecommendationSnapshot snapshot) {
        List<String> notYetShown =
                snapshot.fallback() ? List.of() : ownEvents.notYetIn(request.shopperKey(), snapshot.profile());
        if (notYetShown.isEmpty()) {
            metrics.path(RecommendMetrics.Path.RANKED);
            return rankedPlain(request, read, snapshot);
        }
        metrics.path(RecommendMetrics.Path.OWN_EVENTS);
        RecommendationRequest withContext = request.withContext(notYetShown);
        return ranked(
                withContext,
                ranker,
                snapshots.build(
                        withContext, snapshot.profile(), ranker.settings().recentSources()),
                read.marks());
    }

    /**
     * A plain list whose kept candidates could not answer it: ranked from the profile into fresh kept
     * candidates (what the projection would write now), which answer it and are written back to Redis
     * (and kept in the near cache until Redis names the write), so the shopper's next requests, on any
     * instance, pick from them instead of ranking again on each until the shopper's next event: a recent
     * item whose neighbour list appeared after the projection stopped waiting for it, or a returning
     * shopper whose candidates aged past {@code materialised-max-age}, would otherwise cost a ranking per
     * request. A fallback snapshot or a shopper without a profile ranks as before.
     */
    private List<RankedItem> rankedPlain(
            RecommendationRequest request, PlainRead read, RecommendationSnapshot snapshot) {
        if (snapshot.fallback() || snapshot.profile() == null) {
            return ranked(request, ranker, snapshot, read.marks());
        }
        Candidates fresh = KeptCandidates.of(
                ranker,
                snapshot,
                request.shopperKey(),
                config.defaultLimit(),
                config.materialisedCandidates(),
                System.currentTimeMillis());
        List<RankedItem> kept = fromCandidates(request, fresh, read.marks(), null);
        if (kept == null) {
            return ranked(request, ranker, snapshot, read.marks());
        }
        plainReads.refresh(request.shopperKey(), read, fresh);
        candidates
                .keepRanked(request.shopperKey(), snapshot.profile(), fresh)
                .subscribe()
                .with(written -> {}, failure -> LOG.debugf(failure, "keeping %s", request.shopperKey()));
        return kept;
    }

    /**
     * A request the kept candidates answer: a shopper's list with nothing but a limit (no context,
     * category or price), ranked the default way.
     */
    private boolean plain(RecommendationRequest request) {
        return config.materialised()
                && request.shopperKey() != null
                && request.context().isEmpty()
                && request.category() == null
                && request.minPrice() == null
                && request.maxPrice() == null
                && !request.similarOnly()
                && request.limit() <= config.materialisedCandidates();
    }

    private List<RankedItem> ranked(
            RecommendationRequest request, Ranker chosen, RecommendationSnapshot snapshot, Marks marks) {
        return labelled(snapshot, demoted(chosen.rank(excluding(request, marks), snapshot), marks));
    }

    /**
     * The list from a shopper's kept candidates: those still in stock and not excluded (by the request or
     * a "not interested" mark), the category cap, then the demotion, as {@link #ranked} does. Null when
     * there are none, when they are older than {@code materialised-max-age}, when a recent item that had no
     * neighbour list when they were computed has one now, or when filters left fewer
     * than the limit of a list that was cut at {@code materialised-candidates} (items beyond the cut could
     * have filled it): the request then ranks from the profile.
     */
    private List<RankedItem> fromCandidates(
            RecommendationRequest request, Candidates candidates, Marks marks, LastPick lastPick) {
        if (candidates == null
                || System.currentTimeMillis() - candidates.computedAtMillis()
                        > config.materialisedMaxAge().toMillis()) {
            return null;
        }
        for (String source : candidates.missingSources()) {
            if (snapshots.hasNeighbours(source)) {
                return null;
            }
        }
        // The list depends on the request only through its limit and exclusions: without exclusions the
        // last list picked from this read serves again while the catalog is the one it was picked from.
        LastPick reusable = request.exclude().isEmpty() ? lastPick : null;
        long catalogVersion = snapshots.catalogVersion();
        if (reusable != null) {
            List<RankedItem> last = reusable.get(request.limit(), catalogVersion);
            if (last != null) {
                return last;
            }
        }
        Map<String, CatalogItem> catalog = snapshots.catalog();
        // Read only as far as the list needs: candidates are decoded when first read (CandidateCodec).
        Ranker.PickBound bound = ranker.pickBound(request.limit());
        List<RankedItem> eligible = new ArrayList<>(request.limit() + 8);
        for (RankedItem item : candidates.items()) {
            CatalogItem entry = catalog.get(item.itemId());
            if (request.exclude().contains(item.itemId())
                    || marks.excluded().contains(item.itemId())
                    || (entry == null ? ranker.settings().requireCatalog() : !entry.sellable())) {
                continue;
            }
            eligible.add(item);
            if (bound.decidedWith(entry)) {
                break;
            }
        }
        if (eligible.size() < request.limit() && candidates.items().size() >= config.materialisedCandidates()) {
            return null;
        }
        List<RankedItem> demoted = demoted(ranker.pick(eligible, catalog, request.limit()), marks);
        // A list kept for the next request is written as JSON once and handed out as those bytes (about
        // 2 KB a shopper asked for, counted in NearCacheSize): writing the items was the largest part of a
        // recommendation answered from the near cache (docs/benchmarks.md).
        List<RankedItem> picked = reusable != null ? WrittenItems.of(demoted) : List.copyOf(demoted);
        if (reusable != null) {
            reusable.set(request.limit(), catalogVersion, picked);
        }
        return picked;
    }

    private Recommendations answer(
            RecommendationRequest request, RankingVariants.Assigned arm, List<RankedItem> items, long start) {
        metrics.served(Duration.ofNanos(System.nanoTime() - start));
        return arm == null
                ? new Recommendations(listId(), null, null, items)
                : new Recommendations(arm.recommendationId(), arm.experiment(), arm.variant(), items);
    }

    /**
     * A random (version 4) UUID for a list served outside any experiment, from the thread's own generator:
     * the id has to be unique (feedback echoes it, for click-through rates and funnels), not unguessable,
     * since a client may echo any id. {@code UUID.randomUUID()} takes a lock and reads the system's random
     * device for each list.
     */
    static String listId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /**
     * The shopper's "not interested" marks (signals), read beside the snapshot; none when Redis cannot say
     * within {@link #MARKS_BUDGET} (the snapshot then falls back too), so a stalled Redis never holds a list.
     */
    private Uni<Marks> notInterested(RecommendationRequest request) {
        if (request.shopperKey() == null) {
            return Uni.createFrom().item(Marks.NONE);
        }
        return notInterested
                .marks(request.shopperKey())
                .ifNoItem()
                .after(MARKS_BUDGET)
                .recoverWithItem(Marks.NONE)
                .onFailure()
                .recoverWithItem(Marks.NONE);
    }

    /** The request with the items the shopper is not interested in excluded. */
    private static RecommendationRequest excluding(RecommendationRequest request, Marks marks) {
        if (marks.excluded().isEmpty()) {
            return request;
        }
        Set<String> exclude = new HashSet<>(request.exclude());
        exclude.addAll(marks.excluded());
        return new RecommendationRequest(
                request.shopperKey(),
                request.context(),
                request.limit(),
                request.category(),
                request.minPrice(),
                request.maxPrice(),
                Set.copyOf(exclude),
                request.similarOnly());
    }

    /** Neighbours of those items rank lower: their score scaled by {@link #DEMOTION}, the list re-sorted. */
    private static List<RankedItem> demoted(List<RankedItem> items, Marks marks) {
        if (marks.demoted().isEmpty()) {
            return items;
        }
        return items.stream()
                .map(i -> marks.demoted().contains(i.itemId())
                        ? new RankedItem(i.itemId(), i.score() * DEMOTION, i.reason())
                        : i)
                .sorted(Comparator.comparingDouble(RankedItem::score).reversed())
                .toList();
    }

    /**
     * Neighbours of one item, from memory; an item missing from the catalog means 404. The same for every
     * caller, so the last answer is reused while the item's neighbours and the catalog are unchanged.
     * Nothing is read from Redis: while it is rebuilt or away the answer stays right, and only an instance
     * still loading its lists answers 503.
     */
    public Uni<Items> similar(String itemId, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(itemId), limit, null, null, null, Set.of(), true);
        return Uni.createFrom().item(() -> {
            requireLoaded();
            if (!snapshots.inCatalog(itemId)) {
                throw ApiException.notFound("item", itemId);
            }
            return answers.similar(
                    itemId,
                    limit,
                    () -> new Items(WrittenItems.of(similarRanker.rank(request, snapshots.build(request, null, 0)))));
        });
    }

    /**
     * Trending items from memory, without the newest-items backfill of a recommendation; the last answer
     * is reused while the trending lists and the catalog are unchanged. Like {@link #similar}, independent
     * of Redis.
     */
    public Uni<Items> trending(String category, int limit) {
        RecommendationRequest request =
                new RecommendationRequest(null, List.of(), limit, category, null, null, Set.of(), false);
        return Uni.createFrom().item(() -> {
            requireLoaded();
            return answers.trending(category, limit, () -> {
                RecommendationSnapshot snapshot = snapshots.build(request, null, 0);
                return new Items(WrittenItems.of(ranker.rank(request, snapshot).stream()
                        .filter(item -> !"catalog".equals(item.reason().type()))
                        .toList()));
            });
        });
    }

    /** An instance still loading its item lists or catalog says so rather than answer from part of them. */
    private void requireLoaded() {
        if (!snapshots.loaded()) {
            throw ApiException.unavailable("the item lists are still loading", RETRY_LOADING_SECONDS);
        }
    }

    private static List<RankedItem> labelled(RecommendationSnapshot snapshot, List<RankedItem> items) {
        if (!snapshot.fallback()) {
            return items;
        }
        return items.stream()
                .map(item -> new RankedItem(item.itemId(), item.score(), Reason.fallback()))
                .toList();
    }
}
