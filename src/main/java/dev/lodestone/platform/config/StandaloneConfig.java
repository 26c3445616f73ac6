package dev.lodestone.platform.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * {@link LodestoneConfig} outside Quarkus, with every default and the given overrides: topology tests
 * and offline tools build the production topology with exactly the settings the engine would use.
 */
public final class StandaloneConfig {

    private StandaloneConfig() {}

    public static LodestoneConfig defaults() {
        return with(Map.of());
    }

    public static LodestoneConfig with(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LodestoneConfig.class)
                .withSources(new PropertiesConfigSource(overrides, "overrides", 500))
                .build();
        return config.getConfigMapping(LodestoneConfig.class);
    }
}
