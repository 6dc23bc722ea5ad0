package io.sitewatch.stats.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.sitewatch.json.Json;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.time.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** HTTP only: reads and validates parameters, calls {@link StatsQueries}, writes JSON. */
public final class StatsController {
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final Duration DEFAULT_SERIES_WINDOW = Duration.ofHours(1);
    static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private final StatsQueries queries;

    public StatsController(StatsQueries queries) {
        this.queries = queries;
    }

    /** {@code GET /api/stats?window=10m[&site=…]}. */
    public void stats(Context ctx) {
        Duration window = duration(ctx, "window", DEFAULT_WINDOW);
        String site = site(ctx, false);
        ctx.contentType("application/json").result(ReportJson.write(queries.report(window, site)));
    }

    /** {@code GET /api/stats/series?site=…&window=1h&step=1m}. */
    public void series(Context ctx) {
        String site = site(ctx, true);
        Duration window = duration(ctx, "window", DEFAULT_SERIES_WINDOW);
        Duration step = duration(ctx, "step", DEFAULT_STEP);
        Duration resolution = queries.store().resolution();
        if (step.toMillis() % resolution.toMillis() != 0) {
            throw invalid("step", "step must be a multiple of " + Durations.format(resolution) + ", was "
                    + Durations.format(step));
        }
        if (step.compareTo(window) > 0) {
            throw invalid("step", "step must not exceed the window (" + Durations.format(window) + "), was "
                    + Durations.format(step));
        }
        // the series has ⌈window/step⌉ points (StatsQueries widens the window to whole steps)
        long max = MeasurementStore.MAX_SERIES_POINTS;
        if (-Math.floorDiv(-window.toMillis(), step.toMillis()) > max) {
            // the smallest step that fits is a multiple of the resolution too, or the hint would be refused in turn
            long r = resolution.toMillis();
            long least = -Math.floorDiv(-window.toMillis(), max * r) * r;
            throw invalid("step", "window/step must be at most " + max + " points; use a step of at least "
                    + Durations.format(Duration.ofMillis(least)));
        }
        json(ctx, queries.series(site, window, step));
    }

    /** Serialises in one go: a 10,000-site report is megabytes, faster as one byte array than as a piped stream. */
    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.writeBytes(body));
    }

    private static Duration duration(Context ctx, String name, Duration defaultValue) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name, name + " " + e.getMessage());
        }
        if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw invalid(name, name + " must be positive, was \"" + text + "\"");
        }
        if (d.compareTo(MAX_WINDOW) > 0) {
            throw invalid(name, name + " must be at most " + Durations.format(MAX_WINDOW) + ", was \"" + text + "\"");
        }
        return d;
    }

    private static String site(Context ctx, boolean required) {
        String site = ctx.queryParam("site");
        if (site == null || site.isEmpty()) {
            if (required) {
                throw invalid("site", "site is required, e.g. ?site=example");
            }
            return null;
        }
        if (!SITE.matcher(site).matches()) {
            throw invalid("site", "site must be a site id (letters, digits, '.', '_', ':', '-'; at most 200), was \""
                    + (site.length() > 50 ? site.substring(0, 50) + "…" : site) + "\"");
        }
        return site;
    }

    private static BadRequestResponse invalid(String parameter, String message) {
        return new BadRequestResponse(message, Map.of("parameter", parameter));
    }
}
