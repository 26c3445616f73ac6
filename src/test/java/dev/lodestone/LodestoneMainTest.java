package dev.lodestone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lodestone.LodestoneMain.Command;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged engine's command line: only no argument or {@code serve} starts an engine. */
class LodestoneMainTest {

    private static final List<String> SUBCOMMANDS =
            List.of("serve", "token", "verify-points", "eval", "infra", "k8s-topics", "help");

    @Test
    void shouldServeWithNoArgumentOrAnExplicitServe() {
        assertEquals(Command.SERVE, LodestoneMain.command());
        assertEquals(Command.SERVE, LodestoneMain.command("serve"));
    }

    @Test
    void shouldTreatEveryHelpSpellingAsHelp() {
        for (String help : List.of("help", "-h", "--help")) {
            assertEquals(Command.HELP, LodestoneMain.command(help), help);
        }
    }

    @Test
    void shouldNeverServeOnAnUnknownFirstArgument() {
        for (String unknown : List.of("--halp", "serv", "-help", "start", "", "--port=8081", "Serve")) {
            assertEquals(Command.UNKNOWN, LodestoneMain.command(unknown), unknown);
        }
    }

    @Test
    void shouldRouteTheDeploymentToolsToThemselves() {
        assertEquals(Command.INFRA, LodestoneMain.command("infra", "--kafka-port", "9092"));
        assertEquals(Command.K8S_TOPICS, LodestoneMain.command("k8s-topics"));
    }

    @Test
    void shouldRouteTheToolsToThemselves() {
        assertEquals(Command.TOKEN, LodestoneMain.command("token", "--role", "admin"));
        assertEquals(Command.EVAL, LodestoneMain.command("eval", "--train", "x"));
        assertEquals(Command.VERIFY_POINTS, LodestoneMain.command("verify-points"));
    }

    @Test
    void shouldDescribeEverySubcommandInTheUsage() {
        for (String subcommand : SUBCOMMANDS) {
            assertTrue(LodestoneMain.USAGE.contains("  " + subcommand + " "), subcommand + " missing from usage");
        }
        assertTrue(LodestoneMain.USAGE.contains("--role"));
        assertTrue(LodestoneMain.USAGE.contains("--train"));
        assertTrue(LodestoneMain.USAGE.contains("--bootstrap"));
    }

    @Test
    void shouldAnswerAUsageErrorWithExitCodeTwoAndTheUsage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = LodestoneMain.usage(new PrintStream(bytes, true, StandardCharsets.UTF_8), "unknown command 'x'");
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(printed.startsWith("error: unknown command 'x'"), printed);
        assertTrue(printed.contains(LodestoneMain.USAGE), printed);
    }
}
