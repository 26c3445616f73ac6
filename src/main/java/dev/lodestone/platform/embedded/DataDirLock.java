package dev.lodestone.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One engine per data directory: an exclusive lock on {@code engine.lock}, held for the life of the JVM.
 *
 * <p>A second engine on the same directory would format or append to the first one's broker log, stop
 * its Redis as "left behind" and fight over its ports. The operating system releases the lock when
 * the process dies, however it dies, so a {@code kill -9} never leaves a stale lock behind; the pid
 * written into the file is only there to name the holder in the refusal.
 */
public final class DataDirLock {

    static final String FILE = "engine.lock";
    /** JVM-wide: dev-mode reloads build new class loaders, and a JVM may not lock the same file twice. */
    private static final String HELD = "embedded.lodestone.lock";
    /**
     * The lock itself, kept reachable from the system properties: a channel that becomes unreachable
     * is closed by its cleaner, which would release the lock while the engine still runs.
     */
    private static final String HELD_LOCK = "embedded.lodestone.lock.handle";

    private DataDirLock() {}

    /** Locks {@code dataDir} for this JVM, or refuses naming the holder's pid. */
    public static synchronized void acquire(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        String held = System.getProperty(HELD);
        if (held != null) {
            if (held.equals(file.toString())) {
                return;
            }
            throw new IllegalStateException("this JVM already runs an engine on " + held);
        }
        try {
            Files.createDirectories(file.getParent());
            FileChannel opened = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock acquired = opened.tryLock();
            if (acquired == null) {
                String holder = holder(opened);
                opened.close();
                throw new StartRefused("another Lodestone engine"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + " is already running on the data directory " + file.getParent()
                        + "; stop it first, or give this one its own directory with LODESTONE_DATA_DIR");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            opened.truncate(0);
            opened.write(ByteBuffer.wrap(pid), 0);
            opened.force(false);
            System.getProperties().put(HELD_LOCK, acquired);
            System.setProperty(HELD, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the data directory " + dataDir, e);
        }
    }

    /** The pid written by the holder, or empty when unreadable. */
    private static String holder(FileChannel opened) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        opened.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }
}
