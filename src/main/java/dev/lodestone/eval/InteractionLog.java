package dev.lodestone.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Reads the documented log formats; a malformed line stops the run with its file, line and reason. */
public final class InteractionLog {

    /** The formats the evaluation accepts. */
    public enum Format {
        /** {@code SessionId ItemId Time} (seconds, decimals allowed), tab-separated, with a header: session-rec's. */
        SESSION_TSV("session-tsv", "SessionId", "ItemId", "Time"),
        /** {@code timestamp user_id item_id session_id} (seconds), tab-separated, with a header. */
        RETAILROCKET("retailrocket", "timestamp", "user_id", "item_id", "session_id");

        final String cliName;
        final List<String> header;

        Format(String cliName, String... header) {
            this.cliName = cliName;
            this.header = List.of(header);
        }

        public static Format fromCli(String name) {
            for (Format format : values()) {
                if (format.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown format '" + name + "' (session-tsv or retailrocket)");
        }
    }

    /** A line that is not in the declared format. */
    public static final class MalformedLogException extends Exception {
        public MalformedLogException(Path file, long line, String reason) {
            super(file + ":" + line + ": " + reason);
        }
    }

    private InteractionLog() {}

    /** All clicks of the file, ordered by session start, then time within the session. */
    public static List<Click> read(Path file, Format format) throws IOException, MalformedLogException {
        List<Click> clicks = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new MalformedLogException(file, 1, "empty file; expected the header " + format.header);
            }
            List<String> columns = List.of(header.strip().split("\t"));
            if (!columns.equals(format.header)) {
                throw new MalformedLogException(
                        file, 1, "header " + columns + " is not " + format.header + " (" + format.cliName + ")");
            }
            String line;
            long number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                clicks.add(parse(file, number, line, format));
            }
        }
        return sessionOrder(clicks);
    }

    private static Click parse(Path file, long number, String line, Format format) throws MalformedLogException {
        String[] fields = line.split("\t", -1);
        if (fields.length != format.header.size()) {
            throw new MalformedLogException(
                    file, number, "expected " + format.header.size() + " tab-separated fields, found " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].isBlank()) {
                throw new MalformedLogException(file, number, "empty " + format.header.get(i));
            }
        }
        return switch (format) {
            case SESSION_TSV -> new Click(fields[0], null, fields[1], seconds(file, number, "Time", fields[2]));
            case RETAILROCKET ->
                new Click("rr-" + fields[3], fields[1], fields[2], seconds(file, number, "timestamp", fields[0]));
        };
    }

    private static Instant seconds(Path file, long number, String column, String value) throws MalformedLogException {
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedLogException(file, number, column + " '" + value + "' is not a number of seconds");
        }
    }

    /** Sessions in the order they started, each session's clicks in time order (stable for ties). */
    static List<Click> sessionOrder(List<Click> clicks) {
        java.util.Map<String, Instant> starts = new java.util.HashMap<>();
        for (Click click : clicks) {
            starts.merge(click.sessionId(), click.time(), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<Click> ordered = new ArrayList<>(clicks);
        ordered.sort(Comparator.comparing((Click c) -> starts.get(c.sessionId()))
                .thenComparing(Click::sessionId)
                .thenComparing(Click::time));
        return ordered;
    }
}
