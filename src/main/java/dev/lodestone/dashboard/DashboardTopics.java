package dev.lodestone.dashboard;

import dev.lodestone.platform.kafka.JsonSerde;
import dev.lodestone.platform.kafka.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The dashboard's topics. {@code docs/architecture.md} registers each of them. */
public final class DashboardTopics {

    /** Each task's latest counts, by source ({@code events-<task>}, …); compacted, projected into one Redis hash. */
    public static final Topic<String, DashboardPart> DASHBOARD_PARTS =
            new Topic<>("dashboard-parts", Serdes.String(), JsonSerde.of(DashboardPart.class), true, Duration.ZERO);

    /** This feature's topics, in the order they are created. */
    public static final List<Topic<?, ?>> ALL = List.of(DASHBOARD_PARTS);

    private DashboardTopics() {}
}
