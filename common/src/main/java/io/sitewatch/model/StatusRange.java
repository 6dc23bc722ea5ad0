package io.sitewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An inclusive range of HTTP status codes, written {@code 200}, {@code 200-299} or {@code 2xx}.
 */
public record StatusRange(int from, int to) {
    public StatusRange {
        if (from < 100 || from > 599 || to < 100 || to > 599) {
            throw new IllegalArgumentException("status must be within 100..599, was " + text(from, to));
        }
        if (from > to) {
            throw new IllegalArgumentException("status range must go from low to high, was " + text(from, to));
        }
    }

    public static StatusRange of(int code) {
        return new StatusRange(code, code);
    }

    /** Parses {@code 200}, {@code 200-299} or {@code 2xx}. */
    @JsonCreator
    public static StatusRange parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.matches("[1-5]xx")) {
                int base = (s.charAt(0) - '0') * 100;
                return new StatusRange(base, base + 99);
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                return new StatusRange(Integer.parseInt(s.substring(0, dash).trim()),
                        Integer.parseInt(s.substring(dash + 1).trim()));
            }
            return of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "status must be a code (200), a range (200-299) or a class (2xx), was \"" + text + "\"");
        }
    }

    @JsonCreator
    public static StatusRange fromInt(int code) {
        return of(code);
    }

    public boolean contains(int status) {
        return status >= from && status <= to;
    }

    @JsonValue
    @Override
    public String toString() {
        return text(from, to);
    }

    private static String text(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
