package dev.lodestone.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.shopper.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/events.md states the event types, fields, limits and senders the intake enforces. */
class EventReferenceTest {

    private static final Path REFERENCE = Path.of("docs", "events.md");
    private static final IngestConfig DEFAULTS = StandaloneConfig.defaults(IngestConfig.class);
    private static final String ID_LIMIT = "1-" + EventValidator.MAX_ID + " characters";
    private static final String SERVER_SIDE = "storefront, admin";
    private static final String ANYONE = "shopper, storefront, admin";

    @Test
    void shouldListEveryEventTypeWithWhoMaySendIt() throws IOException {
        Map<String, List<String>> rows = table("## Event types");
        assertEquals(
                Arrays.stream(EventType.values())
                        .map(EventType::wireName)
                        .collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(rows.keySet()));
        for (EventType type : EventType.values()) {
            List<String> row = rows.get(type.wireName());
            assertEquals(type.movesValue() ? SERVER_SIDE : ANYONE, row.get(0), type + ": sent by");
            assertEquals(type.needsItem(), row.get(1).equals("required"), type + ": itemId " + row.get(1));
        }
    }

    @Test
    void shouldListEveryFieldWithTheValidatorsLimits() throws IOException {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("eventId", ID_LIMIT),
                Map.entry("type", "one of the types above"),
                Map.entry("userId", ID_LIMIT),
                Map.entry("sessionId", ID_LIMIT),
                Map.entry("itemId", ID_LIMIT),
                Map.entry("recommendationId", ID_LIMIT),
                Map.entry("quantity", "1-" + EventValidator.MAX_QUANTITY),
                Map.entry("price", "0-" + EventValidator.MAX_PRICE_TEXT),
                Map.entry("currency", EventValidator.CURRENCY_PATTERN),
                Map.entry("rating", EventValidator.MIN_RATING + "-" + EventValidator.MAX_RATING),
                Map.entry("query", "1-" + EventValidator.MAX_QUERY + " characters"),
                Map.entry(
                        "occurredAt",
                        "at most " + DEFAULTS.maxClockSkew() + " in the future, " + days(DEFAULTS.maxEventAge())
                                + " in the past"),
                Map.entry(
                        "context",
                        "at most " + DEFAULTS.maxContextEntries() + " entries; keys 1-" + EventValidator.MAX_CONTEXT_KEY
                                + ", values 0-" + EventValidator.MAX_CONTEXT_VALUE + " characters")));
        assertEquals(new TreeSet<>(EventValidator.FIELDS), expected.keySet(), "a field without a documented limit");
        Map<String, List<String>> rows = table("## Fields");
        assertEquals(expected.keySet(), new TreeSet<>(rows.keySet()));
        Map<String, String> documented = new TreeMap<>();
        rows.forEach((field, row) -> documented.put(field, row.get(2)));
        assertEquals(expected, documented);
    }

    @Test
    void shouldStateTheIntakesDefaultLimits() throws IOException {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "lodestone.ingest.max-batch", String.valueOf(DEFAULTS.maxBatch()),
                "lodestone.ingest.max-body-bytes", String.valueOf(DEFAULTS.maxBodyBytes()),
                "lodestone.ingest.max-clock-skew", DEFAULTS.maxClockSkew().toString(),
                "lodestone.ingest.max-event-age", days(DEFAULTS.maxEventAge()),
                "lodestone.ingest.max-context-entries", String.valueOf(DEFAULTS.maxContextEntries())));
        Map<String, String> documented = new TreeMap<>();
        table("## Request limits").values().forEach(row -> documented.put(row.get(1), row.get(0)));
        assertEquals(expected, documented);
    }

    /** {@code P30D}: how the page writes a whole number of days ({@link Duration#toString} says PT720H). */
    private static String days(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    /**
     * The table under {@code heading}: first cell → the other cells, backticks removed. The header and
     * separator rows are skipped.
     */
    private static Map<String, List<String>> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(REFERENCE);
        int at = lines.indexOf(heading);
        assertFalse(at < 0, REFERENCE + " has no section " + heading);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        int seen = 0;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            if (seen++ < 2) {
                continue;
            }
            List<String> cells = Arrays.stream(
                            line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                    .map(cell -> cell.replace("`", "").strip())
                    .toList();
            rows.put(cells.getFirst(), cells.subList(1, cells.size()));
        }
        assertFalse(rows.isEmpty(), REFERENCE + ": no table under " + heading);
        return rows;
    }
}
