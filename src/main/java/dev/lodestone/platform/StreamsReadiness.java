package dev.lodestone.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is RUNNING: during a rebalance or restore the projections lag, so a
 * load balancer should prefer an instance that is caught up. (The extension's own state check is a
 * liveness check, which must not flap on rebalances.)
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    static final String NAME = "Kafka Streams running";

    /** Null in the api role, which runs no Kafka Streams. */
    private final KafkaStreams streams;

    StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        if (streams == null) {
            // The api role: Kafka Streams runs on the streams instances (their lag is in the projection check).
            return HealthCheckResponse.named(NAME)
                    .up()
                    .withData("state", "not in this role")
                    .build();
        }
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named(NAME)
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
