package dev.lodestone.platform.embedded;

import io.quarkus.runtime.Application;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the embedded broker and Redis at most once per JVM and stops them after the application.
 *
 * <p>Dev-mode live reload builds a new class loader and reads the configuration again, so the
 * addresses of running servers are kept in JVM-wide system properties rather than in static fields.
 */
public final class EmbeddedInfra {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfra.class);
    static final String KAFKA_ADDRESS = "embedded.lodestone.kafka";
    static final String REDIS_ADDRESS = "embedded.lodestone.redis";
    private static final long STOP_WAIT_SECONDS = 30;

    private EmbeddedInfra() {}

    /** Returns the bootstrap servers of the embedded broker, starting it on first call. */
    public static synchronized String kafka(Path dataDir, int port) {
        String running = System.getProperty(KAFKA_ADDRESS);
        if (running != null) {
            return running;
        }
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir.resolve("kafka"), port);
        try {
            kafka.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot start the embedded Kafka broker in " + dataDir + " (is port " + port
                            + " taken? set LODESTONE_EMBEDDED_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS)",
                    e);
        }
        stopAfterApplication("Kafka", kafka::stop);
        System.setProperty(KAFKA_ADDRESS, kafka.bootstrapServers());
        return kafka.bootstrapServers();
    }

    /** Returns the hosts URI of the embedded Redis server, starting it on first call. */
    public static synchronized String redis(Path dataDir, int port) {
        String running = System.getProperty(REDIS_ADDRESS);
        if (running != null) {
            return running;
        }
        EmbeddedRedis redis = new EmbeddedRedis(dataDir.resolve("redis"), port);
        try {
            redis.start();
        } catch (StartRefused e) {
            e.raise();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot start the embedded Redis server in " + dataDir + " (is port " + port
                            + " taken? set LODESTONE_EMBEDDED_REDIS_PORT or REDIS_HOSTS)",
                    e);
        }
        stopAfterApplication("Redis", redis::stop);
        System.setProperty(REDIS_ADDRESS, redis.hosts());
        return redis.hosts();
    }

    /**
     * JVM shutdown hooks run concurrently, so this one first waits for Quarkus's own hook to finish
     * stopping the application: Kafka Streams commits and the projection drains before the servers go.
     */
    private static void stopAfterApplication(String name, Runnable stop) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Application app = Application.currentApplication();
                            if (app != null) {
                                try {
                                    CompletableFuture.runAsync(app::awaitShutdown)
                                            .get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    LOG.warnf("Stopping embedded %s before the application finished: %s", name, e);
                                }
                            }
                            stop.run();
                            LOG.infof("Embedded %s stopped", name);
                        },
                        "lodestone-embedded-" + name.toLowerCase() + "-stop"));
    }
}
