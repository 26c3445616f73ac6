package dev.lodestone.recommend;

import io.smallrye.mutiny.Uni;

/** Where snapshots come from: Redis when serving; the topology's stores in an offline replay. */
public interface RecommendationSnapshotSource {

    /**
     * Reads what {@link Ranker#rank} needs for this request.
     *
     * @param recentSources how many of the profile's recent items become similarity sources; the
     *     snapshot also holds trending lists for the request's category and the profile's top two
     *     top-level categories
     */
    Uni<RecommendationSnapshot> fetch(RecommendationRequest request, int recentSources);
}
