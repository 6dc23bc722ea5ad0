package io.sitewatch.dashboard.sites;

import io.javalin.http.Context;

/** {@code GET /api/sites}: the targets with their current status. */
public final class SiteController {
    private final SiteService sites;

    public SiteController(SiteService sites) {
        this.sites = sites;
    }

    public void list(Context ctx) {
        ctx.json(sites.sites());
    }
}
