package dev.lodestone;

import dev.lodestone.community.LotteryVerifier;
import dev.lodestone.engine.EngineTopics;
import dev.lodestone.engine.KafkaTopicManifests;
import dev.lodestone.eval.EvalCommand;
import dev.lodestone.eval.EvalModels;
import dev.lodestone.platform.embedded.EmbeddedInfra;
import dev.lodestone.platform.embedded.StartRefused;
import dev.lodestone.platform.lifecycle.ShutdownDeadline;
import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import dev.lodestone.verify.VerifyCommand;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Entry point of the packaged engine. With no arguments (or {@code serve}) it serves; {@code token}
 * mints a local token, {@code eval} measures recommendation quality on a log and {@code verify-points}
 * checks the points invariants, all without starting any server. Anything else prints the usage: an
 * unknown word must never start a second engine on the same data directory.
 */
@QuarkusMain
public final class LodestoneMain {

    static final String USAGE = """
            usage: java -jar quarkus-run.jar [COMMAND] [OPTIONS]

            commands:
              serve                 start the engine (the default without a command): HTTP on PORT (8080),
                                    data in LODESTONE_DATA_DIR (./data); one engine per data directory
              token --role shopper|storefront|marketer|agent|moderator|admin [--sub ID] [--hours N]
                                    print a token signed with the local key pair (DATA_DIR/keys)
              verify-points [--bootstrap HOST:PORT] [--redis redis://HOST:PORT] [--wait SECONDS]
                                    check the points invariants against Kafka and Redis; exit 0 = no violation
              verify-lottery <proof.json | URL> [--token TOKEN]
                                    recompute a lottery's draw from its proof; exit 0 = the winners match
              eval --train FILE [--test FILE] [--format session-tsv|retailrocket] [--mode frozen|streaming]
                   [--k 20] [--model engine|pop] [--test-fraction 0.2] [--set key=value]...
                                    measure recommendation quality on a log
              infra [--kafka-port 9092] [--redis-port 6379]
                                    run only a Kafka broker and Redis (data in LODESTONE_DATA_DIR) for
                                    engines started with LODESTONE_EMBEDDED_ENABLED=false (local clusters)
              k8s-topics            print the Strimzi KafkaTopic resources of every registered topic
              help                  print this text (also -h, --help)""";

    /** What the first argument asks for. */
    enum Command {
        SERVE,
        TOKEN,
        EVAL,
        VERIFY_POINTS,
        INFRA,
        K8S_TOPICS,
        VERIFY_LOTTERY,
        HELP,
        UNKNOWN
    }

    private LodestoneMain() {}

    public static void main(String... args) {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        Command command = command(args);
        if (command == Command.SERVE && rest.length > 0 && args[0].equals("serve")) {
            System.exit(usage(System.err, "serve takes no options (configure it with environment variables)"));
        }
        switch (command) {
            case SERVE -> {
                // A refused start (data directory locked, port taken) then ends with one line, at once.
                System.setProperty(StartRefused.LAUNCHED_FROM_MAIN, "true");
                // Out of a hanging stop too: the process is gone within the shutdown budget of SIGTERM.
                ShutdownDeadline.arm();
                Quarkus.run();
                // Quarkus normally exits itself; should it return, no leftover thread keeps the process alive.
                System.exit(ApplicationLifecycleManager.getExitCode());
            }
            case TOKEN -> System.exit(token(rest));
            case EVAL -> System.exit(new EvalCommand(EvalModels.all()).run(rest, System.out, System.err));
            case VERIFY_POINTS -> System.exit(VerifyCommand.run(rest));
            case INFRA -> System.exit(infra(rest));
            case K8S_TOPICS -> {
                System.out.print(KafkaTopicManifests.yaml(EngineTopics.ALL, KafkaTopicManifests.Layout.DEFAULT));
                System.exit(0);
            }
            case VERIFY_LOTTERY -> System.exit(LotteryVerifier.run(rest, System.out, System.err));
            case HELP -> {
                System.out.println(USAGE);
                System.exit(0);
            }
            case UNKNOWN -> System.exit(usage(System.err, "unknown command '" + args[0] + "'"));
        }
    }

    static Command command(String... args) {
        if (args.length == 0) {
            return Command.SERVE;
        }
        return switch (args[0]) {
            case "serve" -> Command.SERVE;
            case "token" -> Command.TOKEN;
            case "eval" -> Command.EVAL;
            case "verify-points" -> Command.VERIFY_POINTS;
            case "infra" -> Command.INFRA;
            case "k8s-topics" -> Command.K8S_TOPICS;
            case "verify-lottery" -> Command.VERIFY_LOTTERY;
            case "help", "-h", "--help" -> Command.HELP;
            default -> Command.UNKNOWN;
        };
    }

    /** Prints the problem and the usage of every command; the exit code of a usage error. */
    static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static int token(String... args) {
        String role = null;
        String sub = null;
        long hours = TokenMinter.DEFAULT_LIFETIME.toHours();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--role" -> role = value;
                case "--sub" -> sub = value;
                case "--hours" -> hours = value == null ? -1 : Long.parseLong(value);
                default -> {
                    return tokenUsage("unknown option " + args[i]);
                }
            }
            i++;
        }
        if (role == null) {
            return tokenUsage("--role is required");
        }
        if (sub == null) {
            sub = role.equals("shopper") ? null : role + "-cli";
            if (sub == null) {
                return tokenUsage("a shopper token needs --sub USER_ID");
            }
        }
        Path dataDir = Path.of(System.getenv().getOrDefault("LODESTONE_DATA_DIR", "data"))
                .toAbsolutePath();
        try {
            String token = new TokenMinter(SigningKeys.ensure(dataDir)).mint(role, sub, Duration.ofHours(hours));
            System.out.println(token);
            return 0;
        } catch (IllegalArgumentException e) {
            return tokenUsage(e.getMessage());
        }
    }

    /** A broker and Redis alone, until the process is stopped (the servers stop with it). */
    private static int infra(String... args) {
        int kafkaPort = 9092;
        int redisPort = 6379;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            try {
                switch (args[i]) {
                    case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
                    case "--redis-port" -> redisPort = Integer.parseInt(value);
                    default -> {
                        return usage(System.err, "unknown option " + args[i]);
                    }
                }
            } catch (NumberFormatException e) {
                return usage(System.err, args[i] + " takes a port number, not '" + value + "'");
            }
        }
        Path dataDir = Path.of(System.getenv().getOrDefault("LODESTONE_DATA_DIR", "data"))
                .toAbsolutePath();
        System.setProperty(StartRefused.LAUNCHED_FROM_MAIN, "true");
        ShutdownDeadline.arm();
        String kafka = EmbeddedInfra.kafka(dataDir, kafkaPort);
        String redis = EmbeddedInfra.redis(dataDir, redisPort);
        // The key pair the engines verify tokens with (`token` signs with it): one for the whole cluster.
        SigningKeys.ensure(dataDir);
        System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + kafka);
        System.out.println("REDIS_HOSTS=" + redis);
        System.out.println("MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + dataDir.resolve("keys/public.pem"));
        System.out.flush();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int tokenUsage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(
                "usage: java -jar quarkus-run.jar token --role shopper|storefront|marketer|agent|moderator|admin [--sub ID] [--hours N]");
        return 2;
    }
}
