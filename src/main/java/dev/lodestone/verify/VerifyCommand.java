package dev.lodestone.verify;

import java.time.Duration;

/**
 * {@code java -jar quarkus-run.jar verify-points [--bootstrap HOST:PORT] [--redis redis://HOST:PORT] [--wait SECONDS]}:
 * runs {@link PointsVerifier} against a running (or stopped but reachable) stack without starting the
 * engine. Defaults: {@code KAFKA_BOOTSTRAP_SERVERS} and {@code REDIS_HOSTS}, else the embedded ports
 * ({@code LODESTONE_EMBEDDED_KAFKA_PORT}, {@code LODESTONE_EMBEDDED_REDIS_PORT}, 9092 and 6379).
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    public static int run(String... args) {
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + env("LODESTONE_EMBEDDED_KAFKA_PORT", "9092"));
        String redis = env("REDIS_HOSTS", "redis://localhost:" + env("LODESTONE_EMBEDDED_REDIS_PORT", "6379"));
        long waitSeconds = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                return usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = value;
                case "--redis" -> redis = value;
                case "--wait" -> waitSeconds = Long.parseLong(value);
                default -> {
                    return usage("unknown option " + args[i]);
                }
            }
            i++;
        }
        try {
            PointsVerifier.Report report =
                    new PointsVerifier(bootstrap, redis).awaitClean(Duration.ofSeconds(waitSeconds));
            report.violations().stream().limit(50).forEach(v -> System.out.println("VIOLATION " + v));
            System.out.println(report.summary());
            return report.ok() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("error: " + e);
            return 3;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(
                "usage: java -jar quarkus-run.jar verify-points [--bootstrap HOST:PORT] [--redis redis://HOST:PORT] [--wait SECONDS]");
        return 2;
    }
}
