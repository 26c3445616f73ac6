package dev.lodestone.community.store;

import dev.lodestone.platform.dashboard.DashboardPanel;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's community panel, from community's read model ({@link CommunityReads}): groups, reports
 * (reported, held and flagged messages) over the last 24 hours, moderation actions over the last hour.
 */
@Singleton
public class CommunityPanel implements DashboardPanel {

    private final CommunityReads reads;

    CommunityPanel(CommunityReads reads) {
        this.reads = reads;
    }

    @Override
    public String name() {
        return "community";
    }

    @Override
    public Uni<Map<String, Double>> numbers() {
        Instant now = Instant.now();
        return Uni.combine()
                .all()
                .unis(
                        reads.groupCount(),
                        reads.reportsSince(now.minus(Duration.ofHours(24))),
                        reads.moderationSince(now.minus(Duration.ofHours(1))))
                .asTuple()
                .map(t -> {
                    Map<String, Double> n = new LinkedHashMap<>();
                    n.put("groups", t.getItem1().doubleValue());
                    n.put("reports, last 24 h", t.getItem2().doubleValue());
                    n.put("moderation actions, last hour", t.getItem3().doubleValue());
                    return n;
                });
    }
}
