package io.sitewatch.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the durations users write: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h},
 * {@code 1d}, compounds such as {@code 1m30s}, and ISO-8601 ({@code PT10S}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    /** A number with a unit spelled out: {@code 10sec}, {@code 1 min}, {@code 2hours}, {@code 500millis}. */
    private static final Pattern UNIT_WORD = Pattern.compile(
            "(\\d+)(msecs?|millis(?:econds?)?|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?)");

    /** What the error messages say a duration looks like. */
    public static final String EXPECTED = "a duration like 500ms, 10s, 2m, 1h or PT10S";

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the expected forms when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must be " + EXPECTED + ", was null");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must be " + EXPECTED + ", was \"\"");
        }
        if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be " + EXPECTED + ", was \"" + text + "\"");
            }
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (!WHOLE.matcher(lower).matches()) {
            throw new IllegalArgumentException("must be " + EXPECTED + ", was \"" + text + "\"" + hint(lower));
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(lower);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> throw new IllegalStateException(m.group(2));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("must be " + EXPECTED + ", was \"" + text + "\" (too large)");
        }
        return total;
    }

    /** A likely fix for a common slip, or "". */
    private static String hint(String lower) {
        String joined = lower.replaceAll("\\s+", "");
        if (!joined.equals(lower) && WHOLE.matcher(joined).matches()) {
            return "; write it without spaces: \"" + joined + "\"";
        }
        if (lower.startsWith("-")) {
            return "; a duration cannot be negative";
        }
        if (lower.matches("\\d*[.,]\\d+(ms|s|m|h|d)")) {
            return "; use whole numbers of a smaller unit, e.g. 1500ms for 1.5s";
        }
        if (lower.matches("\\d+")) {
            return "; add a unit, e.g. \"" + lower + "s\"";
        }
        Matcher word = UNIT_WORD.matcher(joined);
        if (word.matches()) {
            return "; write \"" + word.group(1) + unit(word.group(2)) + "\"";
        }
        return "";
    }

    /** The short unit for a spelled-out one ({@code sec}, {@code minutes}, {@code hrs}, ...). */
    private static String unit(String word) {
        return switch (word.charAt(0)) {
            case 'm' -> word.startsWith("mi") && !word.startsWith("mil") ? "m" : "ms";
            case 's' -> "s";
            case 'h' -> "h";
            default -> "d";
        };
    }

    /** The shortest form {@link #parse} reads back: {@code 10s}, {@code 2m}, {@code 1m30s}, {@code 1500ms}. */
    public static String format(Duration d) {
        if (d == null) {
            return null;
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toString();
        }
        StringBuilder out = new StringBuilder();
        long days = ms / 86_400_000L;
        ms %= 86_400_000L;
        long hours = ms / 3_600_000L;
        ms %= 3_600_000L;
        long minutes = ms / 60_000L;
        ms %= 60_000L;
        long seconds = ms / 1000;
        ms %= 1000;
        if (ms != 0 && days == 0 && hours == 0 && minutes == 0) {
            // sub-minute values with milliseconds read best as plain milliseconds
            return (seconds * 1000 + ms) + "ms";
        }
        if (days > 0) out.append(days).append('d');
        if (hours > 0) out.append(hours).append('h');
        if (minutes > 0) out.append(minutes).append('m');
        if (seconds > 0) out.append(seconds).append('s');
        if (ms > 0) out.append(ms).append("ms");
        return out.toString();
    }
}
