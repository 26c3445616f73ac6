package dev.lodestone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One packaged engine with default settings for every integration test that only needs an engine
 * running: started on first use, stopped (SIGTERM) once the whole run is over. Each start of the
 * packaged engine costs tens of seconds on a small machine. Tests that stop, kill, restart or configure
 * an engine start their own {@link EngineProcess}; tests on the shared one use their own shoppers and
 * items and leave it running.
 *
 * <p>A test method asks for it with a parameter: {@code @ExtendWith(SharedEngine.class)} on the class,
 * {@code EngineProcess engine} in the method's signature.
 */
public final class SharedEngine implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedEngine.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EngineProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store lives for the whole run and closes what it holds after the last test.
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Running.class, key -> Running.start(), Running.class)
                .engine();
    }

    /** The shared engine; the store closes it (SIGTERM) once the run is over. */
    private record Running(EngineProcess engine) implements AutoCloseable {

        static Running start() {
            try {
                Path dir = Files.createDirectories(Path.of("target", "it", "shared-" + UUID.randomUUID()));
                EngineProcess engine = new EngineProcess(dir.resolve("data"), dir.resolve("engine.log"), Map.of());
                engine.start();
                return new Running(engine);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the shared engine started", e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            engine.close();
        }
    }
}
