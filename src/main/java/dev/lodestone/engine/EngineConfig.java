package dev.lodestone.engine;

import dev.lodestone.activity.ActivityConfig;
import dev.lodestone.catalog.CatalogConfig;
import dev.lodestone.gifts.GiftsConfig;
import dev.lodestone.ingest.IngestConfig;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.points.PointsConfig;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.similarity.SimilarityConfig;
import dev.lodestone.trending.TrendingConfig;
import io.smallrye.config.SmallRyeConfig;
import java.util.Map;

/**
 * The settings of the platform and of every feature, as one value: what the topology composition needs,
 * built from the engine's beans or, outside Quarkus, from defaults and overrides.
 */
public record EngineConfig(
        LodestoneConfig platform,
        IngestConfig ingest,
        ActivityConfig activity,
        CatalogConfig catalog,
        ProfileConfig profile,
        SimilarityConfig similarity,
        TrendingConfig trending,
        RecommendConfig recommend,
        PointsConfig points,
        GiftsConfig gifts) {

    /** Every mapping above, in the order of the record. */
    static final Class<?>[] MAPPINGS = {
        LodestoneConfig.class,
        IngestConfig.class,
        ActivityConfig.class,
        CatalogConfig.class,
        ProfileConfig.class,
        SimilarityConfig.class,
        TrendingConfig.class,
        RecommendConfig.class,
        PointsConfig.class,
        GiftsConfig.class
    };

    /** Shortcut for the platform's stream settings. */
    public LodestoneConfig.Streams streams() {
        return platform.streams();
    }

    /** Every default, as the engine would run without configuration. */
    public static EngineConfig defaults() {
        return with(Map.of());
    }

    /** Every default with {@code overrides} ({@code lodestone.*} keys) applied. */
    public static EngineConfig with(Map<String, String> overrides) {
        SmallRyeConfig config = StandaloneConfig.of(overrides, MAPPINGS);
        return new EngineConfig(
                config.getConfigMapping(LodestoneConfig.class),
                config.getConfigMapping(IngestConfig.class),
                config.getConfigMapping(ActivityConfig.class),
                config.getConfigMapping(CatalogConfig.class),
                config.getConfigMapping(ProfileConfig.class),
                config.getConfigMapping(SimilarityConfig.class),
                config.getConfigMapping(TrendingConfig.class),
                config.getConfigMapping(RecommendConfig.class),
                config.getConfigMapping(PointsConfig.class),
                config.getConfigMapping(GiftsConfig.class));
    }
}
