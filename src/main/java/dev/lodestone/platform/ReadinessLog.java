package dev.lodestone.platform;

import io.smallrye.health.event.SmallRyeHealthStatusChangeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Logs readiness once per change instead of once per probe: SmallRye Health logs every DOWN answer,
 * so a load balancer probing each second during start-up wrote a line a second (its category is set
 * to WARN in application.properties). Not ready before the first ready is start-up (INFO); not ready
 * after it is an incident (WARN).
 */
@ApplicationScoped
public class ReadinessLog {

    private static final Logger LOG = Logger.getLogger(ReadinessLog.class);

    private boolean everReady;

    synchronized void onChange(@Observes @Readiness SmallRyeHealthStatusChangeEvent event) {
        JsonObject payload = event.health().getPayload();
        if (!event.health().isDown()) {
            LOG.info(everReady ? "Ready again: every readiness check is up" : "Ready: every readiness check is up");
            everReady = true;
            return;
        }
        String waitingFor = payload.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(check -> "DOWN".equals(check.getString("status", "")))
                .map(check -> check.getString("name", "?") + (check.containsKey("data") ? " " + check.get("data") : ""))
                .collect(Collectors.joining("; "));
        if (everReady) {
            LOG.warnf("Not ready: %s", waitingFor);
        } else {
            LOG.infof("Not ready yet, starting: %s", waitingFor);
        }
    }
}
