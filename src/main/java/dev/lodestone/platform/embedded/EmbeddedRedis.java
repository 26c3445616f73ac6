package dev.lodestone.platform.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary shipped in the embedded-redis jar) as a child process.
 *
 * <p>Data survives restarts through an append-only file in the data directory. The child's pid is
 * written beside it: after a {@code kill -9} of the engine the orphaned server is still bound to the
 * port, and the next start stops it before starting its own.
 */
final class EmbeddedRedis {

    private static final Logger LOG = Logger.getLogger(EmbeddedRedis.class);

    private final Path dataDir;
    private final int port;
    private RedisServer server;

    EmbeddedRedis(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port == 0 ? FreePorts.pick() : port;
    }

    String hosts() {
        return "redis://localhost:" + port;
    }

    void start() throws IOException {
        Files.createDirectories(dataDir);
        stopOrphan();
        server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dataDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save \"\"")
                .setting("pidfile " + pidFile().toAbsolutePath())
                .setting("daemonize no")
                .onShutdownForceStop(true)
                .build();
        server.start();
        LOG.infof("Embedded Redis listening on localhost:%d, data in %s", port, dataDir);
    }

    void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                LOG.warn("Embedded Redis did not stop cleanly", e);
            }
            server = null;
        }
    }

    private Path pidFile() {
        return dataDir.resolve("redis.pid");
    }

    private void stopOrphan() throws IOException {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
        Optional<ProcessHandle> orphan = pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
        orphan.filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
                .ifPresent(p -> {
                    LOG.warnf("Stopping Redis process %s left behind by an earlier run", pid);
                    p.destroy();
                    try {
                        p.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
        Files.deleteIfExists(pidFile);
    }
}
