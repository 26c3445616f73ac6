package dev.lodestone.platform.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (the binary shipped in the embedded-redis jar) as a child process that the
 * engine, not the terminal, controls.
 *
 * <ul>
 *   <li>It runs in its own session ({@code setsid}, when the system has it): Ctrl-C in the terminal
 *       reaches only the engine, which stops Redis itself after the application (projections
 *       drained) instead of losing it first and retrying every write until its shutdown times out.
 *   <li>Data survives restarts through an append-only file in the data directory.
 *   <li>It never outlives the engine: where the system has {@code setpriv} (util-linux), the kernel
 *       sends it SIGTERM when the engine's process dies, however it dies ({@code kill -9}, a crash, a
 *       halt), and it writes its append-only file and exits. Every launch therefore runs on one thread
 *       that lives as long as the JVM: the kernel counts the thread that started a child as its parent.
 *   <li>{@code redis.pid} (written by Redis) and {@code redis.owner} (the engine's pid and start time)
 *       sit beside it: where the kernel cannot stop it with the engine, an orphaned server still holds
 *       the port, and the next start stops it, but only when its owner is really gone.
 *   <li>A watchdog starts it again if it dies while the engine runs; if its data was lost, the
 *       projection rebuild fills it again from Kafka.
 * </ul>
 */
final class EmbeddedRedis {

    private static final Logger LOG = Logger.getLogger(EmbeddedRedis.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    /** For a server left behind by an engine that is gone: nothing waits on that stop. */
    private static final Duration ORPHAN_STOP_WITHIN = Duration.ofSeconds(10);
    /** A pause before each restart: a Redis that dies at once again does not spin. */
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Enough for Redis to write its append-only file on SIGTERM: it takes milliseconds. */
    private static final Duration HALT_GRACE = Duration.ofMillis(200);

    /** After SIGKILL the kernel frees the process at once; this only bounds the wait for its exit. */
    private static final Duration KILLED_WITHIN = Duration.ofSeconds(2);

    private static final int PICKED_PORT_ATTEMPTS = 3;

    private static final List<String> PARENT_DEATH_SIGNAL = parentDeathSignal();
    static final String PID_FILE = "redis.pid";
    static final String OWNER_FILE = "redis.owner";
    static final String LOG_FILE = "redis.log";

    private final Path dataDir;
    /** Chosen here rather than configured: a start that finds it taken may choose again. */
    private final boolean picked;

    /** Fixed once the server first answers: clients are configured with it, and restarts keep it. */
    private volatile int port;
    /** Starts every server process; its one thread never ends before the JVM (see the class comment). */
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "lodestone-embedded-redis-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private volatile ProcessHandle server;
    private volatile boolean stopping;
    private volatile int restarts;

    EmbeddedRedis(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.picked = port == 0;
        this.port = picked ? FreePorts.pick() : port;
    }

    String hosts() {
        return "redis://localhost:" + port;
    }

    /** The running server's pid, if any. */
    Optional<Long> pid() {
        ProcessHandle running = server;
        return running == null || !running.isAlive() ? Optional.empty() : Optional.of(running.pid());
    }

    /** How many times the watchdog started Redis again. */
    int restarts() {
        return restarts;
    }

    synchronized void start() throws IOException {
        Files.createDirectories(dataDir);
        stopOrphan();
        writeOwner();
        server = launchFirst();
        watch(server);
        LOG.infof("Embedded Redis listening on localhost:%d (pid %d), data in %s", port, server.pid(), dataDir);
    }

    /** SIGTERM (Redis writes its append-only file and exits), SIGKILL if it is still there after {@code grace}. */
    void stop(Duration grace) {
        // Before the lock: a watchdog restart in progress sees it and gives up.
        stopping = true;
        synchronized (this) {
            ProcessHandle running = server;
            if (running != null) {
                terminate(running, grace);
                server = null;
            }
            try {
                Files.deleteIfExists(dataDir.resolve(OWNER_FILE));
            } catch (IOException e) {
                LOG.debugf("Cannot delete %s: %s", OWNER_FILE, e);
            }
        }
    }

    /** The first launch; a port picked here that something else took meanwhile is picked again. */
    private ProcessHandle launchFirst() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return launchOnLauncherThread();
            } catch (IOException e) {
                if (!picked || attempt == PICKED_PORT_ATTEMPTS) {
                    throw e;
                }
                int taken = port;
                port = FreePorts.pick();
                LOG.warnf("Embedded Redis did not start on port %d (%s); trying port %d", taken, e.getMessage(), port);
            }
        }
    }

    /** Launches Redis from the launcher thread, so that the kernel ties it to the JVM, not to a passing thread. */
    private ProcessHandle launchOnLauncherThread() throws IOException {
        Future<ProcessHandle> launched = launcher.submit(() -> launch(executable()));
        try {
            return launched.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting Redis", e);
        }
    }

    /**
     * For a halt: stops the server without waiting for a stop or restart in progress (no lock), with
     * a short grace for its append-only file.
     */
    void stopNow() {
        stopping = true;
        ProcessHandle running = server;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!await(running, HALT_GRACE)) {
                running.destroyForcibly();
            }
        }
    }

    private ProcessHandle launch(File executable) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        Files.deleteIfExists(pidFile);
        List<String> command = new ArrayList<>();
        Optional<Path> setsid = onPath("setsid");
        if (setsid.isPresent()) {
            command.add(setsid.get().toString());
        } else {
            LOG.debug("setsid not found: Redis shares the engine's process group, so Ctrl-C reaches it too");
        }
        command.addAll(PARENT_DEATH_SIGNAL);
        command.addAll(List.of(
                executable.getAbsolutePath(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dataDir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--daemonize",
                "no",
                "--pidfile",
                pidFile.toString()));
        File log = dataDir.resolve(LOG_FILE).toFile();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> started = readPid(pidFile).flatMap(ProcessHandle::of);
            if (started.isPresent() && answersPing()) {
                return started.get();
            }
            if (!process.isAlive() && (setsid.isEmpty() || process.exitValue() != 0)) {
                throw new IOException("Redis exited with " + process.exitValue() + " at start: " + tail(log.toPath())
                        + " (the binary needs libssl3)");
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException(
                "Redis did not answer on port " + port + " within " + READY_WITHIN + ": " + tail(log.toPath()));
    }

    /** Restarts Redis, with back-off, whenever it dies while the engine is not stopping. */
    private void watch(ProcessHandle handle) {
        handle.onExit().thenRun(() -> {
            if (stopping || handle != server) {
                return;
            }
            LOG.warnf(
                    "Embedded Redis (pid %d) exited while the engine runs; starting it again in %s",
                    handle.pid(), FIRST_BACKOFF);
            CompletableFuture.runAsync(this::restartUntilUp);
        });
    }

    private void restartUntilUp() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopping) {
            sleep(backoff.toMillis());
            try {
                synchronized (this) {
                    if (stopping) {
                        return;
                    }
                    server = launchOnLauncherThread();
                    watch(server);
                    restarts++;
                }
                LOG.infof("Embedded Redis running again (pid %d) on localhost:%d", server.pid(), port);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Embedded Redis did not start again, retrying: %s", e.getMessage());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private File executable() throws IOException {
        // Extracted into the data directory once, not into a fresh temporary directory on every start.
        Path bin = Files.createDirectories(dataDir.resolve("bin"));
        try (var files = Files.list(bin)) {
            Optional<Path> present = files.filter(
                            f -> f.getFileName().toString().startsWith("redis-server"))
                    .filter(Files::isExecutable)
                    .findFirst();
            if (present.isPresent()) {
                return present.get().toFile();
            }
        }
        return ExecutableProvider.newJarResourceProvider(bin.toFile()).get();
    }

    private void stopOrphan() throws IOException {
        Optional<ProcessHandle> orphan = readPid(dataDir.resolve(PID_FILE))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false));
        if (orphan.isPresent()) {
            Optional<ProcessHandle> owner = liveOwner();
            if (owner.isPresent()) {
                throw new StartRefused("Redis (pid " + orphan.get().pid() + ") in " + dataDir
                        + " belongs to a running engine (pid " + owner.get().pid() + ")");
            }
            LOG.warnf(
                    "Stopping Redis (pid %d) left behind by an engine that is gone",
                    orphan.get().pid());
            terminate(orphan.get(), ORPHAN_STOP_WITHIN);
        }
        Files.deleteIfExists(dataDir.resolve(PID_FILE));
    }

    /** The engine recorded as owner of the running Redis, if it is alive and not this one. */
    private Optional<ProcessHandle> liveOwner() throws IOException {
        Path file = dataDir.resolve(OWNER_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String started = parts.length > 1 ? parts[1] : "";
        // The start time guards against a recycled pid now belonging to an unrelated process.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> started.isEmpty()
                        || p.info()
                                .startInstant()
                                .map(Instant::toString)
                                .orElse("")
                                .equals(started));
    }

    private void writeOwner() throws IOException {
        ProcessHandle me = ProcessHandle.current();
        String started = me.info().startInstant().map(Instant::toString).orElse("");
        Files.writeString(dataDir.resolve(OWNER_FILE), me.pid() + " " + started + "\n", StandardCharsets.UTF_8);
    }

    private static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        if (await(process, grace)) {
            return;
        }
        LOG.warnf("Redis (pid %d) did not stop within %d ms of SIGTERM; killing it", process.pid(), grace.toMillis());
        process.destroyForcibly();
        await(process, KILLED_WITHIN);
    }

    private static boolean await(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * {@code setpriv --pdeathsig TERM} when the system has a {@code setpriv} that knows it (util-linux
     * 2.33 and later): the kernel then stops Redis when the engine's process dies. Empty elsewhere: the
     * next start stops an orphan.
     */
    private static List<String> parentDeathSignal() {
        Optional<Path> setpriv = onPath("setpriv");
        if (setpriv.isEmpty()) {
            LOG.debug("setpriv not found: a Redis left behind by a killed engine is stopped by the next start");
            return List.of();
        }
        try {
            Process help = new ProcessBuilder(setpriv.get().toString(), "--help")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            help.waitFor(5, TimeUnit.SECONDS);
            if (text.contains("--pdeathsig")) {
                return List.of(setpriv.get().toString(), "--pdeathsig", "TERM");
            }
        } catch (IOException e) {
            LOG.debugf("Cannot run setpriv: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("setpriv lacks --pdeathsig: a Redis left behind by a killed engine is stopped by the next start");
        return List.of();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin"));
        if (path != null) {
            dirs.addAll(0, List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
