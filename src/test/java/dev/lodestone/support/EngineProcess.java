package dev.lodestone.support;

import dev.lodestone.platform.security.SigningKeys;
import dev.lodestone.platform.security.TokenMinter;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;

/**
 * The packaged engine ({@code target/quarkus-app/quarkus-run.jar}) as a child process on its own data
 * directory and ports, started and stopped the way an operator would: for tests that restart or kill it.
 */
public final class EngineProcess implements AutoCloseable {

    /**
     * Generous on purpose: a restart after kill -9 recovers the embedded broker's logs, restores the
     * state stores and warms up before it is ready, 51–86 s on a loaded 2-core machine and once over 90 s.
     */
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);

    private static final int TAIL_LINES = 40;

    private final Path dataDir;
    private final int httpPort;
    private final Path log;
    private final Map<String, String> extraEnv;
    private Process process;

    public EngineProcess(Path dataDir, Path log, Map<String, String> extraEnv) {
        this(dataDir, log, extraEnv, freePort());
    }

    public EngineProcess(Path dataDir, Path log, Map<String, String> extraEnv, int httpPort) {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.log = log;
        this.extraEnv = extraEnv;
    }

    /** What a command of the packaged engine printed and how it exited. */
    public record Outcome(int exitCode, String output) {}

    /**
     * Runs the packaged engine with {@code args} (a tool, or an engine expected to refuse to start) on
     * this data directory and port, and waits for it to exit.
     */
    public Outcome run(Duration within, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(log.getParent(), "command-", ".log");
        Process command = builder(args).redirectOutput(output.toFile()).start();
        if (!command.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            command.destroyForcibly();
            command.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("java -jar ... " + String.join(" ", args) + " still running after " + within
                    + ":\n" + Files.readString(output));
        }
        return new Outcome(command.exitValue(), Files.readString(output));
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (INT, TERM, STOP, CONT...), as a terminal or an operator would. */
    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Waits for the engine to exit on its own; its exit code. */
    public int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("engine still running after " + within + "; see " + log);
        }
        return process.exitValue();
    }

    /** POSTs a body to {@code /v1/events} with this token; the caller asserts the answer. */
    public ValidatableResponse postEvents(String token, String body) {
        return RestAssured.given()
                .baseUri(baseUrl())
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then();
    }

    /** Asserts that the shopper's activity shows exactly {@code expected} views. */
    public void assertViews(String token, String userId, int expected) {
        RestAssured.given()
                .baseUri(baseUrl())
                .header("Authorization", "Bearer " + token)
                .get("/v1/users/{id}/activity", userId)
                .then()
                .statusCode(200)
                .body("counts.view", Matchers.equalTo(expected));
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Starts the engine and waits until it reports ready; the time that took. */
    public Duration start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        process = builder()
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private ProcessBuilder builder(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only: a test engine lives for a minute or two and does little, and on two cores the C2
        // compiler threads were most of its start (60 s of CPU to ready against 34–38 s without them).
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.remove("REDIS_HOSTS");
        env.put("LODESTONE_DATA_DIR", dataDir.toString());
        env.put("PORT", String.valueOf(httpPort));
        env.put("LODESTONE_EMBEDDED_KAFKA_PORT", "0");
        env.put("LODESTONE_EMBEDDED_REDIS_PORT", "0");
        env.putAll(extraEnv);
        return builder;
    }

    /** SIGTERM, then wait for a clean exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("engine did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Every redis-server process started for this data directory (its arguments name the directory). */
    public List<ProcessHandle> redisProcesses() {
        String redisDir = dataDir.resolve("redis").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("redis-server")
                        && p.info().commandLine().orElse("").contains(redisDir))
                .toList();
    }

    public String token(String role, String subject) {
        return new TokenMinter(SigningKeys.ensure(dataDir)).mint(role, subject, Duration.ofHours(1));
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "engine exited with " + process.exitValue() + "; see " + log + ", which ends:\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "engine not ready within " + READY_WITHIN + "; see " + log + ", which ends:\n" + tail());
    }

    /** The log's last lines: a report shows the failure message, not the file beside it. */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("lodestone.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("package the engine first: " + jar.toAbsolutePath() + " is missing");
        }
        return jar.toAbsolutePath();
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up): the engine's own broker and clients
     * take ephemeral ports while it starts, and one of them could take an ephemeral HTTP port first.
     */
    private static int freePort() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
