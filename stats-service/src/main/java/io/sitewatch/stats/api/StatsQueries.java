package io.sitewatch.stats.api;

import io.sitewatch.model.StatsReport;
import io.sitewatch.store.MeasurementStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the API answers, without HTTP: the window ends now, aligned outward to the store's resolution (to the
 * minute for windows of an hour or more), so the report's {@code from}/{@code to} say exactly what was summed.
 */
public final class StatsQueries {
    private final MeasurementStore store;
    private final Clock clock;

    public StatsQueries(MeasurementStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public MeasurementStore store() {
        return store;
    }

    public StatsReport report(Duration window, String site) {
        Instant now = clock.instant();
        long granule = granularity(window).toMillis();
        MeasurementStore.Window w = store.align(now.minus(window), now);
        // windows of an hour or more are the window's length ending on the next minute: cheaper (whole roll-ups)
        long to = -Math.floorDiv(-w.to().toEpochMilli(), granule) * granule;
        long from = granule == store.resolution().toMillis() ? w.from().toEpochMilli()
                : Math.floorDiv(to - window.toMillis(), granule) * granule;
        // aligned again: a window longer than the store keeps starts at its horizon, and the report says so
        MeasurementStore.Window summed = store.align(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
        return new StatsReport(window, summed.from(), summed.to(), store.stats(summed.from(), summed.to(), site));
    }

    /** What a window's ends are aligned to: the store's resolution, or one minute for windows of an hour or more. */
    Duration granularity(Duration window) {
        Duration r = store.resolution();
        Duration minute = Duration.ofMinutes(1);
        if (window.compareTo(Duration.ofHours(1)) >= 0 && minute.toMillis() % r.toMillis() == 0) {
            return minute;
        }
        return r;
    }

    public SeriesReport series(String site, Duration window, Duration step) {
        Instant now = clock.instant();
        long stepMs = step.toMillis();
        Instant to = Instant.ofEpochMilli(-Math.floorDiv(-now.toEpochMilli(), stepMs) * stepMs);
        Instant from = Instant.ofEpochMilli(Math.floorDiv(to.toEpochMilli() - window.toMillis(), stepMs) * stepMs);
        return new SeriesReport(site, window, step, from, to, store.series(site, from, to, step));
    }
}
