package dev.lodestone.platform.embedded;

import dev.lodestone.platform.security.SigningKeys;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final int ORDINAL = 275;
    private static final String BUILD_TIME_READER = "io.quarkus.deployment.configuration.BuildTimeConfigurationReader";

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> values = new HashMap<>();
        if (isBuildTime() || !Boolean.parseBoolean(value(context, "lodestone.embedded.enabled", "true"))) {
            return List.of();
        }
        Path dataDir = dataDir(context);
        values.put("lodestone.resolved-data-dir", dataDir.toString());

        String kafka = value(context, "kafka.bootstrap.servers", null);
        if (kafka == null || kafka.isBlank()) {
            int port = Integer.parseInt(value(context, "lodestone.embedded.kafka-port", "9092"));
            values.put("kafka.bootstrap.servers", EmbeddedInfra.kafka(dataDir, port));
        }
        String redis = firstNonBlank(value(context, "quarkus.redis.hosts", null), System.getenv("REDIS_HOSTS"));
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

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
