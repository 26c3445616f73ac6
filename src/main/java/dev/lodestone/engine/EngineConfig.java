package dev.lodestone.engine;

import dev.lodestone.activity.ActivityConfig;
import dev.lodestone.catalog.CatalogConfig;
import dev.lodestone.dashboard.DashboardConfig;
import dev.lodestone.experiments.ExperimentsConfig;
import dev.lodestone.gifts.GiftsConfig;
import dev.lodestone.ingest.IngestConfig;
import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.points.PointsConfig;
import dev.lodestone.profile.ProfileConfig;
import dev.lodestone.recommend.RecommendConfig;
import dev.lodestone.signals.SignalsConfig;
import dev.lodestone.similarity.SimilarityConfig;
import dev.lodestone.trending.TrendingConfig;
import io.smallrye.config.SmallRyeConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the platform and of every feature, as one value: what the topology composition needs,
 * taken from the engine's configuration or, outside Quarkus, from defaults and overrides. A feature whose
 * topology has settings adds its mapping to {@link #MAPPINGS} and reads it with {@link #get}. Quarkus
 * registers a mapping only where a bean injects it, so each of them is {@code @Unremovable}: the engine
 * looks them up by type.
 */
public final class EngineConfig {

    /** Every mapping the composition reads. */
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
        GiftsConfig.class,
        SignalsConfig.class,
        ExperimentsConfig.class,
        DashboardConfig.class
    };

    private final Map<Class<?>, Object> mappings;

    private EngineConfig(SmallRyeConfig config) {
        Map<Class<?>, Object> byType = new LinkedHashMap<>();
        for (Class<?> mapping : MAPPINGS) {
            byType.put(mapping, config.getConfigMapping(mapping));
        }
        this.mappings = Map.copyOf(byType);
    }

    /** The engine's settings as its configuration holds them (application.properties, environment, …). */
    public static EngineConfig from(SmallRyeConfig config) {
        return new EngineConfig(config);
    }

    /** Every default, as the engine would run without configuration. */
    public static EngineConfig defaults() {
        return with(Map.of());
    }

    /** Every default with {@code overrides} ({@code lodestone.*} keys) applied. */
    public static EngineConfig with(Map<String, String> overrides) {
        return new EngineConfig(StandaloneConfig.of(overrides, MAPPINGS));
    }

    /** The settings of one mapping of {@link #MAPPINGS}. */
    public <T> T get(Class<T> mapping) {
        Object settings = mappings.get(mapping);
        if (settings == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not in EngineConfig.MAPPINGS");
        }
        return mapping.cast(settings);
    }

    /** The platform's settings. */
    public LodestoneConfig platform() {
        return get(LodestoneConfig.class);
    }

    /** Shortcut for the platform's stream settings. */
    public LodestoneConfig.Streams streams() {
        return platform().streams();
    }

    /** Shortcut for the evaluation replay and the recommendation tests, which read these settings too. */
    public ProfileConfig profile() {
        return get(ProfileConfig.class);
    }

    /** Shortcut for the evaluation replay and the recommendation tests, which read these settings too. */
    public SimilarityConfig similarity() {
        return get(SimilarityConfig.class);
    }

    /** Shortcut for the evaluation replay and the recommendation tests, which read these settings too. */
    public RecommendConfig recommend() {
        return get(RecommendConfig.class);
    }
}
