package io.sitewatch.stats.api;

import io.sitewatch.store.MeasurementStore.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /api/stats/series}: one site's aggregates per step over (from, to], oldest first. */
public record SeriesReport(String site, Duration window, Duration step, Instant from, Instant to,
                           List<SeriesPoint> points) {
    public SeriesReport {
        points = List.copyOf(points);
    }
}
