package io.sitewatch.dashboard.alerts;

import io.javalin.http.Context;
import io.sitewatch.dashboard.Params;

/** {@code GET /api/alerts?limit=100[&site=…]}: the alert history, newest first. */
public final class AlertController {
    private final AlertService alerts;

    public AlertController(AlertService alerts) {
        this.alerts = alerts;
    }

    public void list(Context ctx) {
        int limit = Params.intParam(ctx, "limit", AlertService.DEFAULT_LIMIT, 1, alerts.maxLimit());
        String site = Params.optional(ctx, "site");
        ctx.json(alerts.newest(limit, site));
    }
}
