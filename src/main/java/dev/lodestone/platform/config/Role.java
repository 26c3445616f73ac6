package dev.lodestone.platform.config;

import java.util.Locale;

/**
 * What one engine process does ({@code lodestone.role}, env {@code LODESTONE_ROLE}). One image serves all
 * three: a cluster runs {@link #STREAMS} instances that share the partitions and {@link #API} instances
 * that scale with the requests; {@link #ALL} is the single engine.
 */
public enum Role {
    /** Kafka Streams, the Redis projections and the REST/WebSocket API in one process (the default). */
    ALL,
    /** Kafka Streams and the Redis projections; HTTP serves only {@code /q/*} (health, metrics). */
    STREAMS,
    /** REST and WebSocket from Redis, writes to Kafka; neither Kafka Streams nor the projections run here. */
    API;

    /** The configuration property that chooses the role. */
    public static final String PROPERTY = "lodestone.role";

    /** Whether this process runs Kafka Streams and the projection consumers. */
    public boolean computes() {
        return this != API;
    }

    /** Whether this process answers the product's REST and WebSocket endpoints. */
    public boolean serves() {
        return this != STREAMS;
    }

    /**
     * The role a configured value names: {@code all}, {@code streams} or {@code api}, in lower case as
     * written (what decides whether the topology is produced compares the exact value).
     */
    public static Role parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        String name = value;
        for (Role role : values()) {
            if (role.name().toLowerCase(Locale.ROOT).equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException(
                PROPERTY + " (LODESTONE_ROLE) must be all, streams or api, not '" + name + "'");
    }
}
