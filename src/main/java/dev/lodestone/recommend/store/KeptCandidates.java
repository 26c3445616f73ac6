package dev.lodestone.recommend.store;

import dev.lodestone.profile.ShopperProfile;
import dev.lodestone.recommend.RankedItem;
import dev.lodestone.recommend.Ranker;
import dev.lodestone.recommend.RecommendationRequest;
import dev.lodestone.recommend.RecommendationSnapshot;
import dev.lodestone.recommend.store.CandidateCodec.Candidates;
import java.util.List;
import java.util.Set;

/**
 * What a shopper's kept candidates are, in one place for the two that compute them: the projection,
 * which writes them to Redis on every change of the profile ({@link CandidateProjection}), and the
 * request path, which keeps what it had to rank in its near cache ({@link PlainReadCache#refresh}).
 */
public final class KeptCandidates {

    private KeptCandidates() {}

    /**
     * The version kept candidates computed at {@code computedAtMillis} are written under: candidates of a
     * newer profile (a later newest event) win whatever their version, and of one profile the later
     * computation wins. Four times the time in microseconds, plus three: values written before carry four
     * sub-versions per profile version (at least the profile's newest intake time in microseconds), and a
     * computation comes after that intake, so they yield to the next computation of the same profile. Exact
     * in Redis's Lua numbers (below 2^53) until 2041, as the earlier values.
     */
    public static long version(long computedAtMillis) {
        return computedAtMillis * 4_000 + 3;
    }

    /** The request whose candidates are kept: a shopper's list with nothing but a limit. */
    public static RecommendationRequest plain(String shopperKey, int limit) {
        return new RecommendationRequest(shopperKey, List.of(), limit, null, null, null, Set.of(), false);
    }

    /**
     * The best {@code max} candidates of the plain request on {@code snapshot} (built from the shopper's
     * profile, no context), best first with exact scores, and the profile's recent items that had no
     * neighbour list in it.
     */
    public static Candidates of(
            Ranker ranker, RecommendationSnapshot snapshot, String shopperKey, int limit, int max, long nowMillis) {
        List<RankedItem> items = ranker.ordered(plain(shopperKey, limit), snapshot, max);
        ShopperProfile profile = snapshot.profile();
        List<String> missing = profile == null
                ? List.of()
                : profile.recent().stream()
                        .limit(ranker.settings().recentSources())
                        .map(ShopperProfile.RecentItem::itemId)
                        .filter(id -> !snapshot.neighbours().containsKey(id))
                        .distinct()
                        .toList();
        return new Candidates(nowMillis, missing, items);
    }
}
