package io.sitewatch.stats.api;

import io.sitewatch.model.StatsReport;
import io.sitewatch.store.MeasurementStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the API answers, without HTTP: the window ends now, aligned outward to the store's resolution, so the
 * report's {@code from}/{@code to} say exactly what was summed.
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
        MeasurementStore.Window w = store.align(now.minus(window), now);
        return new StatsReport(window, w.from(), w.to(), store.stats(w.from(), w.to(), site));
    }

    public SeriesReport series(String site, Duration window, Duration step) {
        Instant now = clock.instant();
        long stepMs = step.toMillis();
        Instant to = Instant.ofEpochMilli(-Math.floorDiv(-now.toEpochMilli(), stepMs) * stepMs);
        Instant from = to.minus(window);
        return new SeriesReport(site, window, step, from, to, store.series(site, from, to, step));
    }
}
