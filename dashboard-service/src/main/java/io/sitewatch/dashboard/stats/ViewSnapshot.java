package io.sitewatch.dashboard.stats;

import io.sitewatch.model.StatsReport;
import java.time.Duration;
import java.time.Instant;

/**
 * The latest state of one stats view, as served by {@code /api/stats} and pushed as a {@code stats} event.
 *
 * @param window    aggregates over the past {@code window}
 * @param refresh   how often the view is fetched
 * @param report    the latest report fetched, kept when later fetches fail; null before the first success
 * @param updatedAt when {@code report} was fetched (null before the first success)
 * @param checkedAt when the latest fetch was attempted
 * @param error     why the latest fetch failed, or null
 * @param stale     true when the latest fetch failed or none succeeded yet: the data shown is old or absent
 */
public record ViewSnapshot(Duration window, Duration refresh, StatsReport report, Instant updatedAt,
                           Instant checkedAt, String error, boolean stale) {

    static ViewSnapshot empty(Duration window, Duration refresh) {
        return new ViewSnapshot(window, refresh, null, null, null, "not fetched yet", true);
    }

    ViewSnapshot succeeded(StatsReport fresh, Instant now) {
        return new ViewSnapshot(window, refresh, fresh, now, now, null, false);
    }

    ViewSnapshot failed(String why, Instant now) {
        return new ViewSnapshot(window, refresh, report, updatedAt, now, why, true);
    }
}
