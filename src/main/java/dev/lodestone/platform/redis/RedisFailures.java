package dev.lodestone.platform.redis;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * Tells a Redis that cannot answer now (down, restarting, loading its data, closing connections) from
 * a real fault. The Vert.x client reports the former as a refused connection
 * ({@link ConnectException}), a closed channel, a bare "Connection is closed" throwable, or an error
 * reply such as {@code CONNECTION_CLOSED} or {@code LOADING}: all of them are "retry shortly".
 */
public final class RedisFailures {

    /** Error-reply prefixes and messages that mean "not now", not "never". */
    private static final List<String> TRANSIENT = List.of(
            "CONNECTION_CLOSED",
            "Connection is closed",
            "Connection was closed",
            "LOADING",
            "BUSY",
            "MASTERDOWN",
            "TRYAGAIN",
            "Cannot connect");

    private RedisFailures() {}

    /** Whether {@code failure}, or one of its causes, says Redis cannot be reached right now. */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && TRANSIENT.stream().anyMatch(message::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
