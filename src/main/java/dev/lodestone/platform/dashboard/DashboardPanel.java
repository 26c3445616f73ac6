package dev.lodestone.platform.dashboard;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * A panel of the live dashboard that its own feature computes (chat, community, signals). The dashboard
 * asks every bean implementing it once per snapshot, with a short timeout; a panel that fails or answers
 * late shows as "unavailable" and the rest of the snapshot goes out as usual. It lives in the platform, not
 * in {@code dashboard/}: the dashboard reads features (experiments, and through them signals and chat), so
 * a feature implementing an interface of the dashboard would close a cycle; here both depend on the
 * platform and neither on the other.
 */
public interface DashboardPanel {

    /** The panel's name: {@code chat}, {@code community} or {@code signals} (the dashboard's plugged panels). */
    String name();

    /** The panel's numbers now, by a name the page shows as is (e.g. {@code queue length}). */
    Uni<Map<String, Double>> numbers();
}
