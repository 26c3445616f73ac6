package dev.lodestone.platform.projection;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose answer comes from the Redis projections: while they are incomplete (being
 * rebuilt, or Redis just emptied) it answers 503 {@code rebuilding} with {@code Retry-After} rather
 * than a wrong value (a zero balance, a missing item). See {@link RebuildingFilter}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ProjectionRead {}
