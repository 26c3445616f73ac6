package dev.lodestone.recommend;

import dev.lodestone.catalog.CatalogItem;
import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RankedItem.Reason;
import dev.lodestone.recommend.RecommendationSnapshot.TrendingEntry;
import dev.lodestone.similarity.NeighbourList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Ranks candidates from a {@link RecommendationSnapshot}: pure, no I/O, the same code for serving
 * and for offline evaluation.
 *
 * <ol>
 *   <li>Sources: the context items, the current (last) one weighted 1, the one before {@code 1/2^d}
 *       ({@code d = sourceDecay}), ...; then the profile's recent items continuing the distance.
 *   <li>Similarity: each neighbour Y of a source X adds
 *       {@code w(X) * (together(X,Y) + nextWeight * next(X,Y)) / (count(X) + 1)}, a confidence
 *       ("of the engagements with X, how many were with Y, and after X").
 *   <li>Trending: {@code trendingWeight * 2^(logScore - best)}, from the global list and from the
 *       lists of the profile's top categories (or the requested category).
 *   <li>Profile fit multiplies the sum by {@code 1 + categoryBoost*cat + brandBoost*brand + priceBoost*price}.
 *   <li>Filters, then a cap per category; capped items fill the list only when nothing else can.
 * </ol>
 */
public final class Ranker {

    private final RankerSettings settings;

    public Ranker(RankerSettings settings) {
        this.settings = settings;
    }

    public RankerSettings settings() {
        return settings;
    }

    private static final class Candidate {
        final String itemId;
        double similarity;
        double trending;
        String bestSource;
        double bestContribution;
        double bestTogether;
        String trendingCategory;
        double score;

        Candidate(String itemId) {
            this.itemId = itemId;
        }
    }

    public List<RankedItem> rank(RecommendationRequest request, RecommendationSnapshot snapshot) {
        Scored scored = score(request, snapshot);
        List<Candidate> chosen =
                diversify(scored.eligible, c -> c.itemId, c -> c.score, snapshot.catalog(), request.limit());
        List<RankedItem> ranked = new ArrayList<>(chosen.size());
        for (Candidate c : chosen) {
            ranked.add(new RankedItem(
                    c.itemId, rounded(c.score), reason(c, snapshot.catalog().get(c.itemId), scored.fit)));
        }
        return ranked;
    }

    /**
     * The best {@code max} eligible candidates, best first, with their exact (unrounded) scores and
     * reasons, before the cap per category: what {@link #pick} turns into the list {@link #rank} gives,
     * kept per shopper so that serving does not rank again.
     */
    public List<RankedItem> ordered(RecommendationRequest request, RecommendationSnapshot snapshot, int max) {
        Scored scored = score(request, snapshot);
        int n = Math.min(max, scored.eligible.size());
        List<RankedItem> ordered = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Candidate c = scored.eligible.get(i);
            ordered.add(new RankedItem(
                    c.itemId, c.score, reason(c, snapshot.catalog().get(c.itemId), scored.fit)));
        }
        return ordered;
    }

    /**
     * The list of {@code limit} items from candidates {@link #ordered} gave: the cap per category, then
     * scores rounded as {@link #rank} rounds them. Equal to {@link #rank} of the same request and state
     * when the candidates hold {@code limit} items within the cap (or all eligible items).
     */
    public List<RankedItem> pick(List<RankedItem> ordered, Map<String, CatalogItem> catalog, int limit) {
        List<RankedItem> chosen = diversify(ordered, RankedItem::itemId, RankedItem::score, catalog, limit);
        List<RankedItem> picked = new ArrayList<>(chosen.size());
        for (RankedItem item : chosen) {
            picked.add(new RankedItem(item.itemId(), rounded(item.score()), item.reason()));
        }
        return picked;
    }

    private static double rounded(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }

    /** Eligible candidates, best first, and the profile fit they were scored with. */
    private record Scored(List<Candidate> eligible, Fit fit) {}

    private Scored score(RecommendationRequest request, RecommendationSnapshot snapshot) {
        ShopperProfile profile = snapshot.profile();
        Map<String, Candidate> candidates = new LinkedHashMap<>();

        Set<String> seen = new HashSet<>(request.context());
        Set<String> purchased = new HashSet<>();
        Map<String, Double> sources = new LinkedHashMap<>();
        int distance = 0;
        for (int i = request.context().size() - 1; i >= 0; i--) {
            sources.putIfAbsent(request.context().get(i), sourceWeight(distance++));
        }
        if (profile != null) {
            int used = 0;
            for (ShopperProfile.RecentItem recent : profile.recent()) {
                seen.add(recent.itemId());
                if (used < settings.recentSources() && !sources.containsKey(recent.itemId())) {
                    sources.put(recent.itemId(), sourceWeight(distance++));
                    used++;
                }
            }
            profile.purchased().forEach(p -> purchased.add(p.itemId()));
        }

        for (Map.Entry<String, Double> source : sources.entrySet()) {
            NeighbourList list = snapshot.neighbours().get(source.getKey());
            if (list == null) {
                continue;
            }
            double norm = source.getValue() / (list.count() + 1);
            for (NeighbourList.Neighbour n : list.neighbours()) {
                double contribution = norm * (n.together() + settings.nextWeight() * n.next());
                Candidate c = candidates.computeIfAbsent(n.itemId(), Candidate::new);
                c.similarity += contribution;
                if (contribution > c.bestContribution) {
                    c.bestContribution = contribution;
                    c.bestSource = source.getKey();
                    c.bestTogether = n.together();
                }
            }
        }

        if (settings.includeSeen() && settings.seenWeight() > 0) {
            for (Map.Entry<String, Double> source : sources.entrySet()) {
                Candidate c = candidates.computeIfAbsent(source.getKey(), Candidate::new);
                c.similarity += settings.seenWeight() * source.getValue();
            }
        }

        if (!request.similarOnly()) {
            addTrending(candidates, snapshot.trending(), null);
            snapshot.trendingByCategory().forEach((category, list) -> addTrending(candidates, list, category));
            for (String id : snapshot.newest()) {
                candidates.computeIfAbsent(id, Candidate::new);
            }
        }

        Fit fit = new Fit(profile);
        List<Candidate> eligible = new ArrayList<>(candidates.size());
        for (Candidate c : candidates.values()) {
            CatalogItem item = snapshot.catalog().get(c.itemId);
            if (!eligible(request, c.itemId, item, seen, purchased)) {
                continue;
            }
            if (request.similarOnly() && c.similarity <= 0) {
                continue;
            }
            c.score = (c.similarity + c.trending) * (1 + fit.of(item));
            eligible.add(c);
        }
        eligible.sort(Comparator.comparingDouble((Candidate c) -> c.score)
                .reversed()
                .thenComparing((Candidate c) -> c.itemId));
        return new Scored(eligible, fit);
    }

    private double sourceWeight(int distance) {
        return 1 / Math.pow(1 + distance, settings.sourceDecay());
    }

    private void addTrending(Map<String, Candidate> candidates, List<TrendingEntry> list, String category) {
        if (list.isEmpty()) {
            return;
        }
        double best = list.getFirst().logScore();
        for (TrendingEntry entry : list) {
            double t = settings.trendingWeight() * Math.pow(2, entry.logScore() - best);
            Candidate c = candidates.computeIfAbsent(entry.itemId(), Candidate::new);
            if (t > c.trending || (category != null && c.trendingCategory == null && t >= c.trending)) {
                c.trending = Math.max(c.trending, t);
                if (category != null) {
                    c.trendingCategory = category;
                }
            }
        }
    }

    private boolean eligible(
            RecommendationRequest request, String id, CatalogItem item, Set<String> seen, Set<String> purchased) {
        if (request.exclude().contains(id)) {
            return false;
        }
        if (!settings.includeSeen() && seen.contains(id)) {
            return false;
        }
        if (settings.excludePurchased() && purchased.contains(id)) {
            return false;
        }
        if (item == null) {
            return !settings.requireCatalog()
                    && request.category() == null
                    && request.minPrice() == null
                    && request.maxPrice() == null;
        }
        if (!item.sellable()) {
            return false;
        }
        if (request.category() != null && !item.inCategory(request.category())) {
            return false;
        }
        if (request.minPrice() != null && (item.price() == null || item.price() < request.minPrice())) {
            return false;
        }
        return request.maxPrice() == null || (item.price() != null && item.price() <= request.maxPrice());
    }

    /** Takes the best items, at most {@code maxPerCategory} per category, then fills up with the rest. */
    private <T> List<T> diversify(
            List<T> ordered,
            Function<T, String> id,
            ToDoubleFunction<T> score,
            Map<String, CatalogItem> catalog,
            int limit) {
        if (settings.maxPerCategory() <= 0 || ordered.size() <= limit) {
            return ordered.subList(0, Math.min(limit, ordered.size()));
        }
        List<T> chosen = new ArrayList<>(limit);
        List<T> capped = new ArrayList<>();
        CategoryCap cap = new CategoryCap();
        for (T c : ordered) {
            if (chosen.size() == limit) {
                break;
            }
            if (cap.admits(catalog.get(id.apply(c)))) {
                chosen.add(c);
            } else {
                capped.add(c);
            }
        }
        for (int i = 0; i < capped.size() && chosen.size() < limit; i++) {
            chosen.add(capped.get(i));
        }
        if (!capped.isEmpty()) {
            chosen.sort(Comparator.comparingDouble(score).reversed().thenComparing(id));
        }
        return chosen;
    }

    /**
     * Tells, while the candidates {@link #pick} will be given are seen best first, when its list is
     * decided: once {@code limit} of them fit under the cap per category, the ones after can fill no
     * place, so {@code pick} of those seen gives the list {@code pick} of all of them would. Lets a kept
     * list be read only as far as the answer needs.
     */
    public PickBound pickBound(int limit) {
        return new PickBound(limit);
    }

    /** See {@link #pickBound}. */
    public final class PickBound {

        private final int limit;
        private final CategoryCap cap = new CategoryCap();
        private int admitted;

        private PickBound(int limit) {
            this.limit = limit;
        }

        /**
         * Counts the next candidate (its catalog entry, null for none); true once the list is decided by the
         * candidates seen so far.
         */
        public boolean decidedWith(CatalogItem item) {
            if (settings.maxPerCategory() <= 0 || cap.admits(item)) {
                admitted++;
            }
            return admitted >= limit;
        }
    }

    /** The count per category of the items taken so far: an item is taken while its category has room. */
    private final class CategoryCap {

        private final Map<String, Integer> perCategory = new HashMap<>();

        boolean admits(CatalogItem item) {
            String category = item == null || item.category() == null ? "" : item.category();
            return perCategory.merge(category, 1, Integer::sum) <= settings.maxPerCategory();
        }
    }

    private Reason reason(Candidate c, CatalogItem item, Fit fit) {
        if (c.similarity > 0 && c.bestSource != null) {
            return Reason.similar(c.bestSource, c.bestTogether);
        }
        if (c.trendingCategory != null) {
            return Reason.popularInCategory(c.trendingCategory);
        }
        if (item != null && item.brand() != null && fit.brandFit(item) > 0) {
            return Reason.matchesBrand(item.brand());
        }
        return Reason.of(c.trending > 0 ? "trending" : "catalog");
    }

    /** How well an item matches the profile: 0 for no profile. */
    private final class Fit {
        private final ShopperProfile profile;
        private final double maxCategory;
        private final double maxBrand;
        private final ShopperProfile.PriceRange range;
        /**
         * The category part per category path, for this ranking only: a few hundred candidates share a
         * few dozen paths, and splitting a path into its levels builds new strings each time.
         */
        private final Map<String, Double> categoryFits = new HashMap<>();

        Fit(ShopperProfile profile) {
            this.profile = profile;
            this.maxCategory = profile == null
                    ? 0
                    : profile.categories().values().stream()
                            .mapToDouble(d -> d)
                            .max()
                            .orElse(0);
            this.maxBrand = profile == null
                    ? 0
                    : profile.brands().values().stream()
                            .mapToDouble(d -> d)
                            .max()
                            .orElse(0);
            this.range = profile == null ? null : profile.priceRange();
        }

        double of(CatalogItem item) {
            if (profile == null || item == null) {
                return 0;
            }
            double category = maxCategory > 0 && item.category() != null
                    ? categoryFits.computeIfAbsent(item.category(), this::categoryFit)
                    : 0;
            double price =
                    range != null && item.price() != null && item.price() >= range.min() && item.price() <= range.max()
                            ? 1
                            : 0;
            return settings.categoryBoost() * category
                    + settings.brandBoost() * brandFit(item)
                    + settings.priceBoost() * price;
        }

        private double categoryFit(String path) {
            List<String> levels = CatalogItem.categoryLevels(path);
            if (levels.isEmpty()) {
                return 0;
            }
            double category = 0;
            for (String level : levels) {
                category += profile.categories().getOrDefault(level, 0.0) / maxCategory;
            }
            return category / levels.size();
        }

        double brandFit(CatalogItem item) {
            if (profile == null || maxBrand <= 0 || item.brand() == null) {
                return 0;
            }
            return profile.brands().getOrDefault(item.brand(), 0.0) / maxBrand;
        }
    }
}
