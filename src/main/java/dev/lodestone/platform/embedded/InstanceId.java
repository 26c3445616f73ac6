package dev.lodestone.platform.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A name for this engine that stays the same across restarts on the same host and data directory
 * and differs between engines (one engine per data directory is enforced by {@link DataDirLock}).
 * The projection consumers use it as their static group membership, so a restarted engine takes its
 * partitions back at once instead of waiting for its dead predecessor's session to time out.
 */
final class InstanceId {

    private InstanceId() {}

    static String of(Path dataDir) {
        String host = hostname();
        String where = host + "|" + dataDir.toAbsolutePath().normalize();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            String name = host.replaceAll("[^A-Za-z0-9.-]", "_");
            return "lodestone-" + name.substring(0, Math.min(name.length(), 40)) + "-"
                    + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostname() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel, StandardCharsets.UTF_8).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
