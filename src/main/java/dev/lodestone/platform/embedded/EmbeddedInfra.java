package dev.lodestone.platform.embedded;

import dev.lodestone.platform.lifecycle.ShutdownDeadline;
import io.quarkus.runtime.Application;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Starts the embedded broker and Redis at most once per JVM and stops them after the application,
 * in order and within the shutdown budget ({@link ShutdownDeadline}): the application first (Kafka
 * Streams commits, the projections stop writing), then the broker, then Redis, which nothing uses
 * any more by then.
 *
 * <p>Dev-mode live reload builds a new class loader and reads the configuration again, so the
 * addresses of running servers are kept in JVM-wide system properties; the servers themselves stay
 * with the class loader that started them, and with its shutdown hook.
 */
public final class EmbeddedInfra {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfra.class);
    static final String KAFKA_ADDRESS = "embedded.lodestone.kafka";
    static final String REDIS_ADDRESS = "embedded.lodestone.redis";

    /** How long stopping the broker and Redis may take; read from the configuration at start-up. */
    record StopBudget(Duration broker, Duration redis) {
        /** {@value}: past it, the broker is left to stop with the process (it recovers at the next start). */
        static final String BROKER = "lodestone.lifecycle.broker-stop-timeout";

        /** {@value}: between SIGTERM to Redis (it writes its append-only file) and SIGKILL. */
        static final String REDIS = "lodestone.lifecycle.redis-stop-grace";

        static final StopBudget DEFAULT = new StopBudget(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    private static EmbeddedKafka kafka;
    private static EmbeddedRedis redis;
    private static StopBudget budget = StopBudget.DEFAULT;
    private static boolean hooked;

    private EmbeddedInfra() {}

    /** Returns the bootstrap servers of the embedded broker, starting it on first call. */
    public static synchronized String kafka(Path dataDir, int port) {
        String running = System.getProperty(KAFKA_ADDRESS);
        if (running != null) {
            return running;
        }
        EmbeddedKafka started = new EmbeddedKafka(dataDir.resolve("kafka"), port);
        stopAfterApplication();
        try {
            started.start();
        } catch (Exception e) {
            started.stop(budget.broker());
            throw new IllegalStateException(
                    "Cannot start the embedded Kafka broker in " + dataDir + " (is port " + port
                            + " taken? set LODESTONE_EMBEDDED_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS)",
                    e);
        }
        kafka = started;
        System.setProperty(KAFKA_ADDRESS, started.bootstrapServers());
        return started.bootstrapServers();
    }

    /** Returns the hosts URI of the embedded Redis server, starting it on first call. */
    public static synchronized String redis(Path dataDir, int port) {
        String running = System.getProperty(REDIS_ADDRESS);
        if (running != null) {
            return running;
        }
        EmbeddedRedis started = new EmbeddedRedis(dataDir.resolve("redis"), port);
        stopAfterApplication();
        try {
            started.start();
        } catch (StartRefused e) {
            e.raise();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot start the embedded Redis server in " + dataDir + " (is port " + port
                            + " taken? set LODESTONE_EMBEDDED_REDIS_PORT or REDIS_HOSTS)",
                    e);
        }
        redis = started;
        // A halt at the end of the budget must not leave it running either.
        ShutdownDeadline.beforeHalt(started::stopNow);
        System.setProperty(REDIS_ADDRESS, started.hosts());
        return started.hosts();
    }

    /** Sets how long stopping each server may take (from the configuration, read at start-up). */
    static synchronized void stopBudget(StopBudget value) {
        budget = value;
    }

    /**
     * One JVM shutdown hook for both servers. Hooks run concurrently, so it first waits for Quarkus's own
     * hook to stop the application, keeping enough of the budget to stop the servers afterwards.
     */
    private static void stopAfterApplication() {
        if (hooked) {
            return;
        }
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedInfra::stopAll, "lodestone-embedded-stop"));
    }

    private static void stopAll() {
        ShutdownDeadline.started();
        StopBudget stop;
        EmbeddedKafka broker;
        EmbeddedRedis child;
        synchronized (EmbeddedInfra.class) {
            stop = budget;
            broker = kafka;
            child = redis;
        }
        awaitApplication(ShutdownDeadline.allow(
                ShutdownDeadline.remaining(), stop.broker().plus(stop.redis())));
        if (broker != null) {
            Duration allowed = ShutdownDeadline.allow(stop.broker(), stop.redis());
            boolean clean = broker.stop(allowed);
            log(clean ? "Embedded Kafka broker stopped" : "Embedded Kafka broker left to stop with the process");
        }
        if (child != null) {
            child.stop(stop.redis());
            log("Embedded Redis stopped");
        }
    }

    private static void awaitApplication(Duration within) {
        Application app = Application.currentApplication();
        if (app == null) {
            return;
        }
        try {
            CompletableFuture.runAsync(app::awaitShutdown).get(within.toMillis(), TimeUnit.MILLISECONDS);
            log("Application stopped");
        } catch (TimeoutException e) {
            log("Application still stopping; stopping the embedded servers under it");
        } catch (Exception e) {
            LOG.warnf("Stopping the embedded servers before the application finished: %s", e);
        }
    }

    private static void log(String what) {
        LOG.infof("%s%s", what, ShutdownDeadline.since());
    }
}
