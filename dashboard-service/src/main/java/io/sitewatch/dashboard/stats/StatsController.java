package io.sitewatch.dashboard.stats;

import io.javalin.http.Context;
import io.sitewatch.dashboard.Params;
import io.sitewatch.time.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /api/stats?window=10m}: the cached view (never a call to the stats service per request);
 * without {@code window}, every view. {@code GET /api/stats/history}: chart points per site.
 */
public final class StatsController {
    private final StatsViews views;
    private final ResponseTimeHistory history;

    public StatsController(StatsViews views, ResponseTimeHistory history) {
        this.views = views;
        this.history = history;
    }

    public void get(Context ctx) {
        Duration window = Params.durationParam(ctx, "window");
        if (window == null) {
            ctx.json(Map.of("views", views.all()));
            return;
        }
        byte[] json = views.json(window).orElseThrow(() -> Params.badRequest("window",
                "no view of " + Durations.format(window) + "; the configured views are " + configured()));
        ctx.contentType("application/json").result(json);
    }

    public void history(Context ctx) {
        ctx.json(history.all());
    }

    private String configured() {
        return views.views().stream().map(v -> Durations.format(v.window())).collect(Collectors.joining(", "));
    }
}
