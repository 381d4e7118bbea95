package io.lifecycleengine.analytics;

import io.lifecycleengine.system.BadRequestException;
import io.lifecycleengine.system.EventTimeRange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The days {@code from} to {@code to}, both included, in UTC. */
public record Period(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 3660;

    public Period {
        if (to.isBefore(from)) {
            throw new BadRequestException("Parameter 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new BadRequestException("A period is at most " + MAX_DAYS + " days long");
        }
    }

    /** From the request parameters; missing ends default to the last 30 days up to today. */
    static Period of(String from, String to, Clock clock) {
        boolean toToday = to == null || to.isBlank();
        LocalDate end = toToday ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (toToday && start.isAfter(end)) {
            throw new BadRequestException("Parameter 'from' (" + start + ") is after today (" + end
                    + "), where a period without 'to' ends");
        }
        return new Period(start, end);
    }

    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the period. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate date(String name, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException notADate) {
            throw new BadRequestException("Parameter '" + name + "' must be a date like 2026-03-01, not '" + value + "'");
        }
        if (!EventTimeRange.contains(date.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            throw new BadRequestException("Parameter '" + name + "' must be a date from 1970 to 2999, not '" + value + "'");
        }
        return date;
    }
}
