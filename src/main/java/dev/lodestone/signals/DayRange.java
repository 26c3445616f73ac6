package dev.lodestone.signals;

import dev.lodestone.platform.errors.ApiException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of UTC days, as the summaries take it ({@code from}, {@code to}: ISO dates).
 *
 * @param from first day
 * @param to last day
 */
public record DayRange(LocalDate from, LocalDate to) {

    /** The longest range a summary reads (one Redis key per day and series). */
    public static final int MAX_DAYS = 366;

    /** Parses {@code from} and {@code to}; a 400 naming the field when one is missing, malformed or out of order. */
    public static DayRange parse(String from, String to) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw ApiException.badRequest("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw ApiException.badRequest("to", "at most " + MAX_DAYS + " days after from");
        }
        return new DayRange(start, end);
    }

    private static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "required, an ISO date such as 2026-03-01");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, "must be an ISO date such as 2026-03-01");
        }
    }

    /** Every day of the range, as the ISO strings the series are keyed by. */
    public List<String> days() {
        List<String> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        return days;
    }
}
