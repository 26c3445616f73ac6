package dev.lodestone.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a free loopback port for a server that binds it a moment later.
 *
 * <p>The port comes from below the kernel's ephemeral range ({@value #FIRST} to {@value #LAST}, and
 * below the range's first port): between the pick and the bind, the broker, Redis and every client
 * of this and other processes open outgoing connections, and each takes an ephemeral port as its
 * source; a port picked from that range (as {@code new ServerSocket(0)} does) could be taken that way
 * and the server would then fail to start. Only where no port below the range is free does the
 * kernel pick.
 */
final class FreePorts {

    static final int FIRST = 10_000;
    static final int LAST = 19_999;
    private static final int ATTEMPTS = 200;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {}

    static int pick() {
        int last = Math.min(LAST, ephemeralStart() - 1);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; last >= FIRST && attempt < ATTEMPTS; attempt++) {
            int port = random.nextInt(FIRST, last + 1);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** The first port the kernel hands out as a source port; Linux's default where it cannot be read. */
    static int ephemeralStart() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)
                    .trim()
                    .split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean bindable(int port) {
        // Without SO_REUSEADDR: a port that still has connections in TIME_WAIT is passed over.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
