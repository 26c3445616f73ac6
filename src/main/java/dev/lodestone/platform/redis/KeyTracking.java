package dev.lodestone.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A connection on which Redis names every key under some prefixes that is written, deleted or expires,
 * whoever changed it (server-assisted client-side caching: {@code CLIENT TRACKING ON BCAST}, pushes under
 * RESP3). What an instance keeps in memory about such keys stays exact as long as it drops each named key
 * and drops everything whenever the connection is not up: pushes may have been missed then. The
 * connection is made again after a loss (1 s, doubling up to 30 s).
 *
 * <p>Only on a single Redis: a cluster tracks per node, and this connection would hear one node's keys.
 *
 * <p>The connection is a leased one of the client's pool, never given back: after the tracking command
 * it receives pushes only, and a pooled connection that receives pushes must not carry requests.
 */
public final class KeyTracking {

    /** What the owner of the copies hears. Called on the connection's event loop; keep it short. */
    public interface Listener {

        /** Pushes arrive from now on; what was learnt before may be stale. */
        void tracking();

        /** Pushes may have been missed (the connection is lost, or tracking stopped): drop everything. */
        void lost();

        /** A tracked key was written, deleted or expired. */
        void changed(String key);

        /** Redis was flushed: every tracked key changed. */
        void flushed();
    }

    /** The longest wait before the connection is tried again. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(KeyTracking.class);

    private final ReactiveRedisDataSource redis;
    private final List<String> prefixes;
    private final Listener listener;
    /** For the log: what the copies are. */
    private final String name;

    private volatile boolean stopped;
    /** The tracking connection while it is up. */
    private RedisConnection connection;

    private volatile Duration retry = Duration.ofSeconds(1);

    public KeyTracking(ReactiveRedisDataSource redis, List<String> prefixes, Listener listener, String name) {
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no prefix to track");
        }
        this.redis = redis;
        this.prefixes = List.copyOf(prefixes);
        this.listener = listener;
        this.name = name;
    }

    public void start() {
        connect();
    }

    /** No more pushes are heard; the listener is told the copies are lost. */
    public synchronized void stop() {
        stopped = true;
        connection = null;
        listener.lost();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.getRedis().connect().subscribe().with(this::track, this::retryLater);
    }

    private void track(RedisConnection leased) {
        leased.handler(this::onPush);
        leased.exceptionHandler(failure -> lost(leased, failure));
        leased.endHandler(() -> lost(leased, null));
        // Pushes come on the connection itself under RESP3. BCAST: every key under the prefixes, read
        // here or not, since the reads go over the pool's other connections.
        Request command = Request.cmd(Command.CLIENT).arg("TRACKING").arg("ON").arg("BCAST");
        for (String prefix : prefixes) {
            command.arg("PREFIX").arg(prefix);
        }
        leased.send(Request.cmd(Command.HELLO).arg("3"))
                .chain(() -> leased.send(command))
                .subscribe()
                .with(ok -> up(leased), failure -> {
                    // Tracking did not start, so the connection may go back to the pool.
                    leased.closeAndForget();
                    retryLater(failure);
                });
    }

    private synchronized void up(RedisConnection leased) {
        if (stopped) {
            return;
        }
        connection = leased;
        retry = Duration.ofSeconds(1);
        listener.tracking();
        LOG.debugf("%s: tracking on", name);
    }

    private synchronized void lost(RedisConnection leased, Throwable failure) {
        if (leased != connection) {
            return;
        }
        connection = null;
        listener.lost();
        LOG.debugf(failure, "%s: tracking connection lost", name);
        retryLater(null);
    }

    private void retryLater(Throwable failure) {
        if (stopped) {
            return;
        }
        Duration wait = retry;
        retry = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        if (failure != null) {
            LOG.infof("%s off for now (%s); trying again in %s", name, failure.getMessage(), wait);
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(ignored -> connect());
    }

    /** {@code ["invalidate", [key, …]]}, or {@code ["invalidate", null]} when Redis was flushed. */
    private void onPush(Response push) {
        if (push == null
                || push.type() != ResponseType.PUSH
                || push.size() < 2
                || !"invalidate".equals(push.get(0).toString())) {
            return;
        }
        Response keys = push.get(1);
        if (keys == null) {
            listener.flushed();
            return;
        }
        for (Response key : keys) {
            listener.changed(key.toString());
        }
    }
}
