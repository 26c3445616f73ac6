package dev.lodestone;

import dev.lodestone.eval.EvalCommand;
import dev.lodestone.eval.EvalModels;
import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import dev.lodestone.points.verify.VerifyCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Entry point of the packaged engine. With no arguments it serves; {@code token} mints a local token
 * and {@code eval} measures recommendation quality on a log, and {@code verify-points} checks the
 * points invariants, all without starting any server.
 */
@QuarkusMain
public final class LodestoneMain {

    private LodestoneMain() {}

    public static void main(String... args) {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            case "token" -> System.exit(token(rest));
            case "eval" -> System.exit(new EvalCommand(EvalModels.all()).run(rest, System.out, System.err));
            case "verify-points" -> System.exit(VerifyCommand.run(rest));
            default -> Quarkus.run(args);
        }
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
                    return usage("unknown option " + args[i]);
                }
            }
            i++;
        }
        if (role == null) {
            return usage("--role is required");
        }
        if (sub == null) {
            sub = role.equals("shopper") ? null : role + "-cli";
            if (sub == null) {
                return usage("a shopper token needs --sub USER_ID");
            }
        }
        Path dataDir = Path.of(System.getenv().getOrDefault("LODESTONE_DATA_DIR", "data"))
                .toAbsolutePath();
        try {
            String token = new TokenMinter(SigningKeys.ensure(dataDir)).mint(role, sub, Duration.ofHours(hours));
            System.out.println(token);
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    private static int usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println(
                "usage: java -jar quarkus-run.jar token --role shopper|storefront|marketer|agent|admin [--sub ID] [--hours N]");
        return 2;
    }
}
