package dev.lodestone.platform.embedded;

import dev.lodestone.platform.config.Role;
import dev.lodestone.platform.lifecycle.RoleSettings;
import dev.lodestone.platform.security.SigningKeys;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The embedded default: when no external Kafka or Redis is configured, start both and point the
 * application at them. Runs while the configuration is built, which is the one moment that precedes
 * every extension in dev mode, tests and the packaged app alike.
 */
public class EmbeddedInfraConfigSourceFactory implements ConfigSourceFactory {

    static final String SOURCE_NAME = "lodestone-embedded-infra";
    private static final String HTTP_PORT_CHECKED = "embedded.lodestone.http-port-checked";
    private static final int ORDINAL = 275;
    private static final String BUILD_TIME_READER = "io.quarkus.deployment.configuration.BuildTimeConfigurationReader";

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isBuildTime()) {
            return List.of();
        }
        Map<String, String> values = new HashMap<>();
        boolean embedded = Boolean.parseBoolean(value(context, "lodestone.embedded.enabled", "true"));
        Path dataDir = embedded
                ? dataDir(context)
                : Path.of(value(context, "lodestone.data-dir", "data")).toAbsolutePath();
        // Before anything else touches the directory or binds a port: a second engine stops here, at once.
        try {
            DataDirLock.acquire(dataDir);
            checkHttpPort(context);
        } catch (StartRefused e) {
            e.raise();
        }
        String instanceId = value(context, "lodestone.instance-id", null);
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = InstanceId.of(dataDir);
            values.put("lodestone.instance-id", instanceId);
        }
        Role role;
        try {
            role = Role.parse(value(context, Role.PROPERTY, null));
        } catch (IllegalArgumentException e) {
            new StartRefused(e.getMessage()).raise();
            return List.of();
        }
        values.putAll(RoleSettings.of(role, context::iterateNames, name -> value(context, name, null), instanceId));
        String redis = firstNonBlank(value(context, "quarkus.redis.hosts", null), System.getenv("REDIS_HOSTS"));
        if (!embedded) {
            // A server deployment names its Kafka and Redis; it never starts a broker of its own.
            String missing = missingServers(value(context, "kafka.bootstrap.servers", null), redis);
            if (missing != null) {
                new StartRefused(missing).raise();
            }
            values.put("quarkus.redis.hosts", redis);
            return List.of(new PropertiesConfigSource(values, SOURCE_NAME, ORDINAL));
        }
        values.put("lodestone.resolved-data-dir", dataDir.toString());
        EmbeddedInfra.stopBudget(new EmbeddedInfra.StopBudget(
                duration(context, EmbeddedInfra.StopBudget.BROKER, EmbeddedInfra.StopBudget.DEFAULT.broker()),
                duration(context, EmbeddedInfra.StopBudget.REDIS, EmbeddedInfra.StopBudget.DEFAULT.redis())));

        String kafka = value(context, "kafka.bootstrap.servers", null);
        if (kafka == null || kafka.isBlank()) {
            int port = Integer.parseInt(value(context, "lodestone.embedded.kafka-port", "9092"));
            values.put("kafka.bootstrap.servers", EmbeddedInfra.kafka(dataDir, port));
        }
        if (redis == null) {
            int port = Integer.parseInt(value(context, "lodestone.embedded.redis-port", "6379"));
            values.put("quarkus.redis.hosts", EmbeddedInfra.redis(dataDir, port));
        } else {
            values.put("quarkus.redis.hosts", redis);
        }
        // The key pair that application.properties points mp.jwt.verify.publickey.location at.
        SigningKeys.ensure(dataDir);
        return List.of(new PropertiesConfigSource(values, SOURCE_NAME, ORDINAL));
    }

    /**
     * With the embedded default off, what is missing for a start: null when Kafka and Redis are both
     * named, else a message naming the environment variables (and properties) to set.
     */
    static String missingServers(String kafka, String redis) {
        boolean noKafka = kafka == null || kafka.isBlank();
        boolean noRedis = redis == null || redis.isBlank();
        if (!noKafka && !noRedis) {
            return null;
        }
        String what = noKafka && noRedis
                ? "KAFKA_BOOTSTRAP_SERVERS (kafka.bootstrap.servers) and REDIS_HOSTS (quarkus.redis.hosts) are"
                : noKafka
                        ? "KAFKA_BOOTSTRAP_SERVERS (kafka.bootstrap.servers) is"
                        : "REDIS_HOSTS (quarkus.redis.hosts) is";
        return "lodestone.embedded.enabled=false (LODESTONE_EMBEDDED_ENABLED) but " + what
                + " not set: name the Kafka brokers and Redis to use, or enable the embedded default";
    }

    /**
     * Tests bind a random port ({@code quarkus.http.test-port=0}); everything else its configured one.
     * Once per JVM: a dev-mode reload reads the configuration again while its own server holds the port.
     */
    private static void checkHttpPort(ConfigSourceContext context) {
        if (System.getProperty(HTTP_PORT_CHECKED) != null) {
            return;
        }
        System.setProperty(HTTP_PORT_CHECKED, "true");
        boolean test = context.getProfiles().contains("test");
        String port =
                test ? value(context, "quarkus.http.test-port", "8081") : value(context, "quarkus.http.port", "8080");
        String host = value(
                context, "quarkus.http.host", test || context.getProfiles().contains("dev") ? "localhost" : "0.0.0.0");
        try {
            HttpPortCheck.requireFree(host, Integer.parseInt(port.trim()));
        } catch (NumberFormatException e) {
            // An expression the context could not expand: the HTTP server reports a bad port itself.
        }
    }

    /**
     * Quarkus also reads configuration while it builds the application; servers started then would
     * outlive the build. Build-time reading goes through one class of the deployment side.
     */
    private static boolean isBuildTime() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(BUILD_TIME_READER)));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /**
     * Tests ask for an ephemeral directory so every run starts empty; everything else keeps its data.
     */
    private static Path dataDir(ConfigSourceContext context) {
        String ephemeral = System.getProperty("embedded.lodestone.ephemeral-dir");
        if (ephemeral != null) {
            return Path.of(ephemeral);
        }
        Path base = Path.of(value(context, "lodestone.data-dir", "data")).toAbsolutePath();
        try {
            if (Boolean.parseBoolean(value(context, "lodestone.embedded.ephemeral", "false"))) {
                Files.createDirectories(base);
                Path dir = Files.createTempDirectory(base, "run-");
                System.setProperty("embedded.lodestone.ephemeral-dir", dir.toString());
                return dir;
            }
            Files.createDirectories(base);
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + base, e);
        }
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        for (String profile : context.getProfiles()) {
            ConfigValue profiled = context.getValue("%" + profile + "." + name);
            if (profiled != null && profiled.getValue() != null) {
                return profiled.getValue();
            }
        }
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    private static Duration duration(ConfigSourceContext context, String name, Duration fallback) {
        String value = value(context, name, null);
        return value == null || value.isBlank() ? fallback : DurationConverter.parseDuration(value.trim());
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
