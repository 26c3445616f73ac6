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
public @interface ProjectionRead {

    /**
     * Whether the marker is checked before the endpoint runs (the default). False for an endpoint that
     * answers from memory Redis keeps exact with its own pushes when it can, and checks the marker itself
     * ({@link ProjectionMonitor#readable()}) before any read of Redis: a copy is the value Redis held, and
     * Redis' push after a {@code FLUSHALL} drops it, so only what is read from Redis needs the check. The
     * filter still answers 503 while the engine starts or rebuilds.
     */
    boolean markerFirst() default true;
}
