package dev.lodestone.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestone.platform.config.StandaloneConfig;
import dev.lodestone.platform.errors.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time bounds of events at the intake and of records read from the topic. */
class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final EventValidator VALIDATOR = EventValidator.from(StandaloneConfig.defaults(IngestConfig.class));

    @Test
    void shouldRefuseAnOccurredAtBeforeTheMaxEventAge() {
        for (String at : List.of(
                "-300000000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z",
                NOW.minus(Duration.ofDays(31)).toString())) {
            List<FieldError> errors = VALIDATOR
                    .validate(view(",\"occurredAt\":\"" + at + "\""), 0, NOW)
                    .errors();
            assertEquals(1, errors.size(), at);
            assertEquals("occurredAt", errors.getFirst().field());
            assertEquals(
                    "must not be more than 30 days in the past",
                    errors.getFirst().reason());
        }
    }

    @Test
    void shouldRefuseAnOccurredAtBeyondTheClockSkew() {
        List<FieldError> errors = VALIDATOR
                .validate(view(",\"occurredAt\":\"+300000000-01-01T00:00:00Z\""), 0, NOW)
                .errors();
        assertEquals("occurredAt", errors.getFirst().field());
    }

    @Test
    void shouldAcceptAnEventUploadedLateWithinTheMaxEventAge() {
        Instant late = NOW.minus(Duration.ofDays(29));
        EventValidator.Outcome outcome = VALIDATOR.validate(view(",\"occurredAt\":\"" + late + "\""), 0, NOW);
        assertTrue(outcome.valid(), outcome.errors().toString());
        assertEquals(late, outcome.event().occurredAt());
    }

    @Test
    void shouldBoundReceivedAtOfARecordByItsTimestamp() {
        long written = NOW.toEpochMilli();
        assertTrue(VALIDATOR
                .validateRecord(view(",\"receivedAt\":\"" + NOW + "\""), written)
                .valid());
        for (String receivedAt : List.of(
                "-300000000-01-01T00:00:00Z",
                "+300000000-01-01T00:00:00Z",
                NOW.minus(Duration.ofDays(31)).toString(),
                NOW.plus(Duration.ofMinutes(6)).toString())) {
            List<FieldError> errors = VALIDATOR
                    .validateRecord(view(",\"receivedAt\":\"" + receivedAt + "\""), written)
                    .errors();
            assertEquals("receivedAt", errors.getFirst().field(), receivedAt);
        }
    }

    @Test
    void shouldKeepReceivedAtWithinSaneBoundsWhenARecordHasNoTimestamp() {
        List<FieldError> errors = VALIDATOR
                .validateRecord(view(",\"receivedAt\":\"-300000000-01-01T00:00:00Z\""), -1)
                .errors();
        assertEquals("receivedAt", errors.getFirst().field());
    }

    private static JsonNode view(String extra) {
        try {
            return EventValidator.READER.readTree(
                    "{\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"alice\",\"itemId\":\"i1\"" + extra + "}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
