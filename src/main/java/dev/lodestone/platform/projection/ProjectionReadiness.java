package dev.lodestone.platform.projection;

import dev.lodestone.platform.config.LodestoneConfig;
import dev.lodestone.platform.projection.ProjectionMonitor.ChannelState;
import dev.lodestone.platform.projection.ProjectionMonitor.Phase;
import dev.lodestone.platform.projection.ProjectionMonitor.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when reads are current: the Redis projections are complete (not rebuilding), every
 * projection consumer holds its partitions, and neither they nor Kafka Streams trail the end of their
 * topics by more than {@code lodestone.readiness.max-lag} records. After a crash the engine is
 * therefore not ready until what was posted before it is visible again.
 */
@Readiness
@ApplicationScoped
public class ProjectionReadiness implements HealthCheck {

    static final String NAME = "Redis projections caught up";
    /** A measurement older than this means the monitor cannot reach Kafka or Redis. */
    static final Duration STALE = Duration.ofSeconds(15);

    private final ProjectionMonitor monitor;
    private final long maxLag;

    ProjectionReadiness(ProjectionMonitor monitor, LodestoneConfig config) {
        this.monitor = monitor;
        this.maxLag = config.readiness().maxLag();
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot snapshot = monitor.snapshot();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("max-lag", maxLag);
        if (snapshot == null) {
            return response.down().withData("phase", Phase.STARTING.name()).build();
        }
        boolean up = snapshot.phase() == Phase.READY;
        response.withData("phase", snapshot.phase().name());
        for (ChannelState channel : snapshot.channels()) {
            String state;
            if (snapshot.phase() == Phase.REBUILDING) {
                state = "rebuilding " + channel.replayed() + "/" + channel.replayTarget();
            } else if (!channel.joined()) {
                state = "waiting for its partitions, lag " + channel.lag();
            } else {
                state = "lag " + channel.lag();
            }
            up &= channel.joined() && channel.lag() <= maxLag;
            response.withData(channel.channel(), state);
        }
        response.withData("kafka-streams", "lag " + snapshot.streamsLag());
        up &= snapshot.streamsLag() <= maxLag;
        if (snapshot.problem() != null) {
            response.withData("last-check-failed", snapshot.problem());
        }
        if (Duration.between(snapshot.at(), Instant.now()).compareTo(STALE) > 0) {
            up = false;
            response.withData("checked", snapshot.at().toString());
        }
        return response.status(up).build();
    }
}
