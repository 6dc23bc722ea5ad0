package io.sitewatch.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/stats}: the window (from, to] and the aggregates per site.
 */
public record StatsReport(Duration window, Instant from, Instant to, List<SiteStats> sites) {
    public StatsReport {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }
}
