package dev.lodestone.platform.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The application's part of a shutdown that fits its budget: Kafka Streams closes first, with a bounded
 * wait, and leaves its consumer group so that a restarted engine gets its tasks back at once instead of
 * waiting for this member's session to time out. (The Kafka Streams extension's own close, which runs
 * next, waits without bound; once Streams is closed it returns at once.)
 */
@ApplicationScoped
public class EngineShutdown {

    private static final Logger LOG = Logger.getLogger(EngineShutdown.class);

    /** {@value}: from the signal to the process exit; the packaged engine halts once it is spent. */
    static final String BUDGET = "lodestone.lifecycle.shutdown-budget";

    /** {@value}: most Kafka Streams may take to commit and close before the shutdown goes on. */
    static final String STREAMS_CLOSE_TIMEOUT = "lodestone.lifecycle.streams-close-timeout";

    /** Kept from the Streams close for what must still stop after it: the clients, the broker, Redis. */
    static final Duration AFTER_STREAMS = Duration.ofMillis(1500);

    /** Null in the api role, which runs no Kafka Streams. */
    private final KafkaStreams streams;

    private final Duration budget;
    private final Duration streamsClose;

    EngineShutdown(
            KafkaStreams streams,
            @ConfigProperty(name = BUDGET, defaultValue = "4s") Duration budget,
            @ConfigProperty(name = STREAMS_CLOSE_TIMEOUT, defaultValue = "2s") Duration streamsClose) {
        this.streams = streams;
        this.budget = budget;
        this.streamsClose = streamsClose;
    }

    void onStart(@Observes StartupEvent event) {
        ShutdownDeadline.budget(budget);
    }

    /** Before every other shutdown observer: nothing else depends on Kafka Streams running. */
    void closeStreams(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (streams == null) {
            // The api role runs no Kafka Streams.
            return;
        }
        Duration allowed = ShutdownDeadline.allow(streamsClose, AFTER_STREAMS);
        long started = System.nanoTime();
        boolean closed =
                streams.close(new KafkaStreams.CloseOptions().timeout(allowed).leaveGroup(true));
        long took = (System.nanoTime() - started) / 1_000_000;
        if (closed) {
            LOG.infof("Kafka Streams closed in %d ms%s", took, ShutdownDeadline.since());
        } else {
            LOG.warnf(
                    "Kafka Streams did not close within %d ms; the shutdown goes on (what it had not committed"
                            + " is processed again at the next start)",
                    allowed.toMillis());
        }
    }

    /** After every other shutdown observer, before the beans (messaging, Redis client) are destroyed. */
    void observersDone(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 2000) ShutdownEvent event) {
        LOG.infof("Shutdown observers done, closing the clients%s", ShutdownDeadline.since());
    }
}
