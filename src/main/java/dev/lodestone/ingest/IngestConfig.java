package dev.lodestone.ingest;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** REST intake of shopper events. */
@ConfigMapping(prefix = "lodestone.ingest")
@Unremovable
public interface IngestConfig {
    /** Most events in one request. */
    @WithDefault("1000")
    int maxBatch();

    /** Largest request body accepted by {@code POST /v1/events}, in bytes. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How far in the future {@code occurredAt} may lie (clock skew of clients). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** How far in the past {@code occurredAt} may lie (late uploads); older events are refused. */
    @WithDefault("P30D")
    Duration maxEventAge();

    /** Most entries in an event's {@code context} map. */
    @WithDefault("20")
    int maxContextEntries();

    /** How long a publish may wait for the broker's acknowledgement before the request fails with 503. */
    @WithDefault("PT10S")
    Duration publishTimeout();
}
