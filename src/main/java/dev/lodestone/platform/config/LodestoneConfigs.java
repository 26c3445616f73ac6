package dev.lodestone.platform.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * Builds a {@link LodestoneConfig} outside Quarkus (topology tests, the offline evaluation), from
 * the {@code @WithDefault} values and the given overrides ({@code lodestone.similarity.neighbours=20}).
 */
public final class LodestoneConfigs {

    private LodestoneConfigs() {}

    public static LodestoneConfig defaults() {
        return withOverrides(Map.of());
    }

    public static LodestoneConfig withOverrides(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LodestoneConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "overrides", 500))
                .build();
        return config.getConfigMapping(LodestoneConfig.class);
    }
}
