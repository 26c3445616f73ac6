package dev.lodestone.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read shape answers exactly what the general ISO parser answers, for good and bad text. */
class IsoInstantsTest {

    @Test
    void shouldAgreeWithTheGeneralParserOnEveryShape() {
        List<String> texts = List.of(
                "2026-11-24T10:15:30Z",
                "2026-11-24T10:15:30.1Z",
                "2026-11-24T10:15:30.123456789Z",
                "2026-11-24T10:15:30.1234567891Z",
                "2026-11-24T10:15:30.Z",
                "2026-11-24T10:15:30+08:00",
                "2026-11-24T10:15:30.5-05:30",
                "2026-11-24T10:15:30+01:75",
                "2026-11-24T10:15:30+19:00",
                "2026-11-24T10:15:30+18:00",
                "2026-11-24T10:15:30-00:00",
                "2026-11-24T10:15Z",
                "2026-11-24T10:15:30",
                "2026-11-24 10:15:30Z",
                "2026-11-24t10:15:30z",
                "2026-02-29T10:15:30Z",
                "2024-02-29T10:15:30Z",
                "2026-13-01T10:15:30Z",
                "2026-11-31T10:15:30Z",
                "2026-11-24T24:00:00Z",
                "2026-11-24T23:59:60Z",
                "2026-11-24T10:15:30+08:00:30",
                "+2026-11-24T10:15:30Z",
                "0000-01-01T00:00:00Z",
                "２０２６-11-24T10:15:30Z",
                "2026-11-24T10:15:30ZZ",
                "");
        for (String text : texts) {
            assertEquals(general(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void shouldAgreeWithTheGeneralParserOnRandomDateTimes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String text = String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                    random.nextInt(10_000),
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextInt(26),
                    random.nextInt(62),
                    random.nextInt(62),
                    random.nextBoolean()
                            ? ""
                            : "." + Long.toString(Math.abs(random.nextLong())).substring(0, 1 + random.nextInt(10)),
                    switch (random.nextInt(3)) {
                        case 0 -> "Z";
                        case 1 -> String.format("+%02d:%02d", random.nextInt(20), random.nextInt(62));
                        default -> String.format("-%02d:%02d", random.nextInt(20), random.nextInt(62));
                    });
            assertEquals(general(text), IsoInstants.parse(text), text);
        }
    }

    private static Instant general(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
