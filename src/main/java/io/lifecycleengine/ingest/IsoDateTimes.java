package io.lifecycleengine.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO-8601 date-time as Segment sends it: {@code OffsetDateTime}'s form, or a local date-time read as UTC.
 * Every call carries up to three of them, so the common shape ({@code 2024-05-01T10:15:30[.fraction](Z|±hh:mm|±hhmm|±hh)},
 * seconds optional) is read by hand; anything else, valid or not, goes to {@code java.time}, which decides.
 */
public final class IsoDateTimes {

    private IsoDateTimes() {
    }

    /** @throws DateTimeParseException when the text is neither form */
    public static Instant parse(String text) {
        Instant instant = commonShape(text);
        return instant != null ? instant : parseWithJavaTime(text);
    }

    static Instant parseWithJavaTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    /** @return null when the text is not of the common shape or a field is out of its range */
    static Instant commonShape(String text) {
        int length = text.length();
        if (length < 16 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = 0;
        int nanos = 0;
        int at = 16;
        if (at < length && text.charAt(at) == ':') {
            second = digits(text, at + 1, 2);
            at += 3;
            if (at < length && text.charAt(at) == '.') {
                int fractionDigits = 0;
                at++;
                while (at < length && fractionDigits < 9 && isDigit(text.charAt(at))) {
                    nanos = nanos * 10 + (text.charAt(at++) - '0');
                    fractionDigits++;
                }
                if (fractionDigits == 0) {
                    return null;
                }
                for (int i = fractionDigits; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        ZoneOffset offset = offset(text, at);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || offset == null || day > lengthOfMonth(year, month)) {
            return null;
        }
        return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(offset), nanos);
    }

    /**
     * The rest of the text from {@code at}: nothing (UTC), {@code Z}, {@code ±hh:mm}, or ISO 8601's basic {@code ±hhmm} and
     * {@code ±hh} (which Segment's own intake takes, and some SDKs and PHP's {@code DATE_ISO8601} write); null for anything else.
     */
    private static ZoneOffset offset(String text, int at) {
        int rest = text.length() - at;
        if (rest == 0 || rest == 1 && text.charAt(at) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = rest == 3 || rest == 5 || rest == 6 ? text.charAt(at) : 0;
        if ((sign != '+' && sign != '-') || rest == 6 && text.charAt(at + 3) != ':') {
            return null;
        }
        int hours = digits(text, at + 1, 2);
        int minutes = rest == 3 ? 0 : digits(text, at + (rest == 6 ? 4 : 3), 2);
        if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || hours == 18 && minutes > 0) {
            return null;
        }
        return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }

    /** @return the number, or -1 when a character is not an ASCII digit or the text ends first */
    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
