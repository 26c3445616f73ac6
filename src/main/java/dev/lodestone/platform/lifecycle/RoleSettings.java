package dev.lodestone.platform.lifecycle;

import dev.lodestone.platform.config.Role;
import dev.lodestone.platform.projection.ProjectionConsumers;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a {@link Role} implies, derived while the configuration is built (before any extension
 * starts a client):
 * <ul>
 *   <li>{@code api}: every Redis projection channel (an incoming channel whose {@code kafka-configuration}
 *       is {@link ProjectionConsumers#CONFIGURATION}) is disabled, other consumers keep running, and the
 *       Kafka Streams extension's health checks are off (no Kafka Streams runs; the topology is not
 *       produced, see {@code TopologyProducer}).
 *   <li>{@code streams}: Kafka Streams joins its group with static membership, named after this
 *       instance ({@code lodestone.instance-id}, the pod name on Kubernetes), so a restarted instance
 *       takes its tasks back without a rebalance.
 * </ul>
 * An operator's own {@code kafka-streams.group.instance.id} wins.
 */
public final class RoleSettings {

    static final String STREAMS_STATE_CHECK = "io.quarkus.kafka.streams.runtime.health.KafkaStreamsStateHealthCheck";
    static final String STREAMS_TOPICS_CHECK = "io.quarkus.kafka.streams.runtime.health.KafkaStreamsTopicsHealthCheck";
    static final String STREAMS_INSTANCE_ID = "kafka-streams.group.instance.id";

    private static final String KAFKA_CONFIGURATION = ".kafka-configuration";

    private static final Pattern INCOMING = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+|\"[^\"]+\")\\..+$");

    private RoleSettings() {}

    /**
     * What the role adds to the configuration.
     *
     * @param names every configured property name
     * @param lookup a configured value, or null
     * @param instanceId this instance's stable name, or null
     */
    public static Map<String, String> of(
            Role role, Iterable<String> names, UnaryOperator<String> lookup, String instanceId) {
        Map<String, String> settings = new TreeMap<>();
        switch (role) {
            case API -> {
                for (String name : names) {
                    Matcher matcher = INCOMING.matcher(name);
                    if (matcher.matches()
                            && name.endsWith(KAFKA_CONFIGURATION)
                            && ProjectionConsumers.CONFIGURATION.equals(lookup.apply(name))) {
                        // Always: the messaging extension itself supplies a default "enabled" for every channel.
                        settings.put("mp.messaging.incoming." + matcher.group(1) + ".enabled", "false");
                    }
                }
                settings.put(healthCheckEnabled(STREAMS_STATE_CHECK), "false");
                settings.put(healthCheckEnabled(STREAMS_TOPICS_CHECK), "false");
            }
            case STREAMS -> {
                if (instanceId != null && lookup.apply(STREAMS_INSTANCE_ID) == null) {
                    settings.put(STREAMS_INSTANCE_ID, instanceId);
                }
            }
            case ALL -> {
                // Today's engine: nothing to add.
            }
        }
        return settings;
    }

    static String healthCheckEnabled(String checkClass) {
        return "quarkus.smallrye-health.check.\"" + checkClass + "\".enabled";
    }
}
