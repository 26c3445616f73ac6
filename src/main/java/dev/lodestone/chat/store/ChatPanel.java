package dev.lodestone.chat.store;

import dev.lodestone.platform.dashboard.DashboardPanel;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's chat panel, from the same figures as the agents' stats ({@link Conversations#stats}):
 * conversations waiting for an agent, how long the oldest has waited, and the first-response times.
 */
@Singleton
public class ChatPanel implements DashboardPanel {

    private final Conversations conversations;

    ChatPanel(Conversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public Uni<Map<String, Double>> numbers() {
        return conversations.stats(System.currentTimeMillis()).map(ChatPanel::numbers);
    }

    static Map<String, Double> numbers(Conversations.Stats s) {
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("waiting for an agent", (double) s.queueLength());
        n.put("oldest wait (s)", s.oldestWaitMs() / 1000.0);
        n.put("first responses", (double) s.firstResponses());
        if (s.firstResponseP50Ms() != null) {
            n.put("first response p50 (s)", s.firstResponseP50Ms() / 1000.0);
            n.put("first response p90 (s)", s.firstResponseP90Ms() / 1000.0);
        }
        return n;
    }
}
