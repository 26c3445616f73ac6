package dev.lodestone.platform.projection;

import dev.lodestone.platform.config.LodestoneConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings every projection channel shares, named {@value #CONFIGURATION} for the channels'
 * {@code kafka-configuration} attribute; a channel's own properties still win.
 */
@Singleton
public class ProjectionConsumers {

    public static final String CONFIGURATION = "lodestone-projection";

    /**
     * The broker's minimum. With the 45 s default a restarted engine's consumers waited for their dead
     * predecessors for most of a minute while the engine served stale reads.
     */
    static final String SESSION_TIMEOUT_MS = "6000";

    static final String HEARTBEAT_INTERVAL_MS = "2000";

    @Produces
    @Identifier(CONFIGURATION)
    Map<String, Object> projectionConsumer(LodestoneConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ProjectionFetches.class.getName());
        // Commits only move forward: a rebuild replays from the beginning without committing backwards,
        // and nothing is kept per replayed record.
        settings.put("commit-strategy", "latest");
        // No grace period at shutdown: the connector slept twice the poll timeout per channel, one channel
        // after the other (20 s for ten), and whatever was not committed is replayed idempotently.
        settings.put("graceful-shutdown", "false");
        // The monitor's questions run between two polls: answered within a quarter second.
        settings.put("poll-timeout", "250");
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        // Static membership: a restarted engine (same host and data directory) takes its partitions back
        // at once; another engine has another id. Unset only when no data directory names this engine.
        config.instanceId().ifPresent(id -> settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return settings;
    }
}
