package io.sitewatch.store;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where measurements are kept and summarised. Implementations: the in-memory store (default) and InfluxDB.
 * Constructors never do I/O; {@link #check()} does. Implementations are thread-safe: one writer (the ingest
 * loop) and any number of readers (HTTP) at once.
 *
 * <p>Writes are idempotent: a point is keyed by site, prober and time (millisecond precision), so replaying
 * a batch changes nothing.
 *
 * <p>Windows are half-open on the left, {@code (from, to]}, as in the availability rule. A store answers at
 * its {@link #resolution()}: a window whose ends are not multiples of it is widened outward to the nearest
 * multiples (callers that want the report to say exactly what was summed align the window first with
 * {@link #align(Instant, Instant)}).
 */
public interface MeasurementStore extends AutoCloseable {

    /** The largest number of buckets one {@link #series} call may return. */
    int MAX_SERIES_POINTS = 10_000;

    /**
     * Stores a batch durably before returning.
     *
     * @throws StoreUnavailableException when the store cannot be reached or refused the batch; nothing may be
     *                                   assumed written, and the caller retries the same batch later
     */
    void write(List<Measurement> batch);

    /**
     * Aggregates per site over (from, to], ordered by site id; {@code site} null means every site with at
     * least one check in the window. A site without checks in the window is absent from the list.
     */
    List<SiteStats> stats(Instant from, Instant to, String site);

    /**
     * Aggregates of one site in consecutive buckets of {@code step} covering (from, to]. Buckets end at
     * multiples of {@code step} since the epoch (the window is widened outward to them), every bucket is
     * present (an empty one has {@code checks = 0} and {@code availability = null}), oldest first.
     *
     * @throws IllegalArgumentException when {@code step} is not a positive multiple of {@link #resolution()}
     *                                  or the series would have more than {@link #MAX_SERIES_POINTS} buckets
     */
    List<SeriesPoint> series(String site, Instant from, Instant to, Duration step);

    /** Probes the backend; throws {@link StoreUnavailableException} when it is unreachable. */
    void check();

    /** A short name for logs and /health: {@code memory}, {@code influxdb}. */
    String kind();

    /** The granularity of windows: 1 ms for a store that keeps every point, the bucket width for one that does not. */
    default Duration resolution() {
        return Duration.ofMillis(1);
    }

    /** The window (from, to] widened outward to multiples of {@link #resolution()}, as the store sums it. */
    default Window align(Instant from, Instant to) {
        long r = resolution().toMillis();
        long f = Math.floorDiv(from.toEpochMilli(), r) * r;
        long t = -Math.floorDiv(-to.toEpochMilli(), r) * r;
        return new Window(Instant.ofEpochMilli(f), Instant.ofEpochMilli(t));
    }

    /**
     * The buckets {@link #series} answers for (from, to] with {@code step}: the rule every store follows.
     *
     * @throws IllegalArgumentException when {@code site} is empty, {@code step} is not a positive multiple of
     *                                  {@link #resolution()}, or there would be more than {@link #MAX_SERIES_POINTS}
     */
    default SeriesBuckets seriesBuckets(String site, Instant from, Instant to, Duration step) {
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("site is required for a series");
        }
        long stepMs = step.toMillis();
        long r = resolution().toMillis();
        if (stepMs <= 0 || stepMs % r != 0) {
            throw new IllegalArgumentException("step must be a positive multiple of " + resolution() + ", was " + step);
        }
        long firstEnd = Math.floorDiv(from.toEpochMilli(), stepMs) * stepMs + stepMs;
        long lastEnd = -Math.floorDiv(-to.toEpochMilli(), stepMs) * stepMs;
        SeriesBuckets buckets = new SeriesBuckets(firstEnd, lastEnd, stepMs);
        if (buckets.count() > MAX_SERIES_POINTS) {
            throw new IllegalArgumentException("a series may have at most " + MAX_SERIES_POINTS + " points, "
                    + "window/step gives " + buckets.count());
        }
        return buckets;
    }

    @Override
    void close();

    /** Bucket ends of a series, epoch millis: firstEnd, firstEnd + stepMs, …, lastEnd. */
    record SeriesBuckets(long firstEnd, long lastEnd, long stepMs) {
        public long count() {
            return Math.max(0, (lastEnd - firstEnd) / stepMs + 1);
        }
    }

    /** One bucket of a series: its end time and the aggregates of (end − step, end]. */
    record SeriesPoint(Instant time, SiteStats stats) {
    }

    /** A window (from, to]. */
    record Window(Instant from, Instant to) {
    }
}
