package dev.lodestone.platform.embedded;

/**
 * The engine must not start here (its data directory or HTTP port is taken). Found before the broker
 * and Redis start, so the refusal comes at once and names what to change.
 */
public final class StartRefused extends RuntimeException {

    /** Set by the packaged engine's {@code main}: a refusal then ends the process with one clear line. */
    public static final String LAUNCHED_FROM_MAIN = "embedded.lodestone.launched-from-main";

    public StartRefused(String message) {
        super(message, null, false, false);
    }

    /**
     * From the packaged engine: prints the reason and halts at once (nothing is started yet, and a
     * regular exit from inside Quarkus's start-up could wait on its own shutdown hook). Elsewhere (dev
     * mode, tests): throws, so the caller sees the reason.
     */
    void raise() {
        if (Boolean.getBoolean(LAUNCHED_FROM_MAIN)) {
            System.err.println("error: " + getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        throw this;
    }
}
