package io.sitewatch.store;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where measurements are kept and summarised. Implementations: the in-memory store (default) and InfluxDB.
 * Constructors never do I/O; {@link #check()} does.
 *
 * <p>Writes are idempotent: a point is keyed by site, prober and time, so replaying a batch overwrites it.
 */
public interface MeasurementStore extends AutoCloseable {

    /**
     * Stores a batch durably before returning.
     *
     * @throws StoreUnavailableException when the store cannot be reached; nothing may be assumed written
     */
    void write(List<Measurement> batch);

    /** Aggregates per site over (from, to]; {@code site} null means every site with data in the window. */
    List<SiteStats> stats(Instant from, Instant to, String site);

    /** Aggregates of one site in consecutive buckets of {@code step} covering (from, to]. */
    List<SeriesPoint> series(String site, Instant from, Instant to, Duration step);

    /** Probes the backend; throws {@link StoreUnavailableException} when it is unreachable. */
    void check();

    /** A short name for logs and /health: {@code memory}, {@code influxdb}. */
    String kind();

    @Override
    void close();

    /** One bucket of a series: its end time and the aggregates of (end − step, end]. */
    record SeriesPoint(Instant time, SiteStats stats) {
    }
}
