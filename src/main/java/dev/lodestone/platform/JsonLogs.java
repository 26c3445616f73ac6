package dev.lodestone.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestone.platform.config.LodestoneConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Switches console logs to one JSON object per line when {@code lodestone.log.json} is on (the prod
 * profile), for log shippers. The quarkus-logging-json extension does not resolve on our package
 * mirror, and the log manager's own JSON formatter cannot see a JSON-P provider from the boot class
 * path, so this small formatter is installed at start-up; lines printed before that stay plain.
 */
@Singleton
public class JsonLogs {

    void onStart(@Observes @Priority(0) StartupEvent event, LodestoneConfig config) {
        if (config.log().json()) {
            for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
                install(handler);
            }
        }
    }

    private static void install(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(new Formatter());
        } else if (handler instanceof ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                install(nested);
            }
        }
    }

    /** timestamp, level, logger, thread, message and, when present, the exception. */
    static final class Formatter extends ExtFormatter {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Override
        public String format(ExtLogRecord record) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("timestamp", record.getInstant().toString());
            line.put("level", record.getLevel().getName());
            line.put("logger", record.getLoggerName());
            line.put("thread", record.getThreadName());
            line.put("message", formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.put("exception", trace.toString());
            }
            try {
                return MAPPER.writeValueAsString(line) + "\n";
            } catch (JsonProcessingException e) {
                return "{\"message\":\"unformattable log record\"}\n";
            }
        }
    }
}
