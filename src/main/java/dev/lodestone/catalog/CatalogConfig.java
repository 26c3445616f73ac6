package dev.lodestone.catalog;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The catalog. */
@ConfigMapping(prefix = "lodestone.catalog")
@Unremovable
public interface CatalogConfig {
    /** Most items in one {@code POST /v1/catalog/items:batch}. */
    @WithDefault("500")
    int maxBatch();
}
