package dev.lodestone.platform.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/**
 * Configuration mappings outside Quarkus, with every default and the given overrides: topology tests
 * and offline tools build the production topology with exactly the settings the engine would use.
 */
public final class StandaloneConfig {

    private StandaloneConfig() {}

    /** One mapping with every default: pure domain tests and tools that need a single feature's settings. */
    public static <T> T defaults(Class<T> mapping) {
        return of(Map.of(), mapping).getConfigMapping(mapping);
    }

    /** A configuration holding the given mappings, with {@code overrides} above their defaults. */
    public static SmallRyeConfig of(Map<String, String> overrides, Class<?>... mappings) {
        SmallRyeConfigBuilder builder =
                new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(overrides, "overrides", 500));
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.build();
    }
}
