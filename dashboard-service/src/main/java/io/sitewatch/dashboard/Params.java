package io.sitewatch.dashboard;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.sitewatch.time.Durations;
import java.time.Duration;
import java.util.Map;

/** Query parameter parsing for controllers; a bad value is a 400 that names the parameter. */
public final class Params {
    private Params() {
    }

    /** A 400 naming {@code field}: the JSON error carries {@code "field": field}. */
    public static BadRequestResponse badRequest(String field, String message) {
        return new BadRequestResponse(field + ": " + message, Map.of("field", field));
    }

    public static String optional(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = optional(ctx, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw badRequest(name, "must be from " + min + " to " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw badRequest(name, "must be a whole number from " + min + " to " + max + ", was \"" + shorten(v) + "\"");
        }
    }

    public static Duration durationParam(Context ctx, String name) {
        String v = optional(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw badRequest(name, "must be " + Durations.EXPECTED + ", was \"" + shorten(v) + "\"");
        }
    }

    /** Echoed values are cut short so an error never reflects a large payload. */
    public static String shorten(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "…";
    }
}
