package dev.lodestone.platform.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP port is checked before the broker and Redis start: found taken only when the HTTP server
 * binds, the refusal came after half a minute of start-up and left a broker and Redis to stop again.
 */
final class HttpPortCheck {

    private HttpPortCheck() {}

    /** Refuses when {@code host:port} cannot be bound now; port 0 (pick a free one) always passes. */
    static void requireFree(String host, int port) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the HTTP server binds: a port in TIME_WAIT after the previous engine is free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartRefused(
                    "the HTTP port " + port + " (" + host + ") is already in use, perhaps by another engine;"
                            + " stop it, or start this one on another port with PORT=<port>");
        }
    }
}
