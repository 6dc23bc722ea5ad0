package io.sitewatch.dashboard.stats;

import io.sitewatch.config.SitewatchConfig.View;
import io.sitewatch.dashboard.metrics.DashboardMetrics;
import io.sitewatch.model.StatsReport;
import io.sitewatch.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured stats views, each fetched from the stats service on its own cadence — once per refresh however
 * many clients are connected — and cached. A failed fetch keeps the previous report, marks the view stale with
 * the reason, and is retried at the next tick; it never stops the schedule. Every new snapshot goes to
 * {@code onUpdate} (which pushes it to the clients).
 */
public final class StatsViews implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsViews.class);

    private final List<View> views;
    private final StatsClient client;
    private final Consumer<ViewSnapshot> onUpdate;
    private final DashboardMetrics metrics;
    private final Clock clock;
    private final Map<Duration, ViewSnapshot> cache = new LinkedHashMap<>();
    /** Each snapshot's JSON, serialised once per refresh: {@code /api/stats} answers with these bytes. */
    private final Map<Duration, byte[]> json = new java.util.HashMap<>();
    private ScheduledExecutorService scheduler;

    public StatsViews(List<View> views, StatsClient client, Consumer<ViewSnapshot> onUpdate, DashboardMetrics metrics,
                      Clock clock) {
        this.views = List.copyOf(views);
        this.client = client;
        this.onUpdate = onUpdate;
        this.metrics = metrics;
        this.clock = clock;
        views.forEach(v -> {
            ViewSnapshot empty = ViewSnapshot.empty(v.window(), v.refresh());
            cache.put(v.window(), empty);
            json.put(v.window(), io.sitewatch.json.Json.writeBytes(empty));
        });
    }

    /** Starts one schedule per view (a thread each, so a slow fetch of one view never delays another). */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(views.size(), r -> {
            Thread t = new Thread(r, "dashboard-stats-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (View v : views) {
            scheduler.scheduleAtFixedRate(() -> refresh(v), 0, v.refresh().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Fetches one view now and publishes the result. Never throws. */
    public void refresh(View view) {
        ViewSnapshot next;
        try {
            StatsReport report = client.fetch(view.window());
            next = snapshot(view.window()).succeeded(report, clock.instant());
            metrics.statsFetch(view.window(), null);
        } catch (StatsClient.StatsUnavailableException e) {
            next = snapshot(view.window()).failed(e.getMessage(), clock.instant());
            metrics.statsFetch(view.window(), e.reason());
            log.warn("event=stats_fetch_failed window={} reason={}", Durations.format(view.window()), e.reason());
        } catch (RuntimeException e) {
            next = snapshot(view.window()).failed("unexpected error (" + e.getClass().getSimpleName() + ")",
                    clock.instant());
            metrics.statsFetch(view.window(), "unexpected");
            log.error("event=stats_fetch_failed window={} reason=unexpected", Durations.format(view.window()), e);
        }
        byte[] bytes = io.sitewatch.json.Json.writeBytes(next);
        synchronized (cache) {
            cache.put(view.window(), next);
            json.put(view.window(), bytes);
        }
        try {
            onUpdate.accept(next);
        } catch (RuntimeException e) {
            log.error("event=stats_publish_failed window={}", Durations.format(view.window()), e);
        }
    }

    public List<View> views() {
        return views;
    }

    /** The cached snapshot of the view over {@code window}, if such a view is configured. */
    public Optional<ViewSnapshot> get(Duration window) {
        synchronized (cache) {
            return Optional.ofNullable(cache.get(window));
        }
    }

    /** The cached JSON of the view over {@code window} (the same bytes until the next refresh). */
    public Optional<byte[]> json(Duration window) {
        synchronized (cache) {
            return Optional.ofNullable(json.get(window));
        }
    }

    /** Every view's snapshot, in configuration order. */
    public List<ViewSnapshot> all() {
        synchronized (cache) {
            return new ArrayList<>(cache.values());
        }
    }

    /** The view with the shortest window: the freshest data, used for status and charts. */
    public View shortest() {
        return views.stream().min((a, b) -> a.window().compareTo(b.window())).orElseThrow();
    }

    private ViewSnapshot snapshot(Duration window) {
        synchronized (cache) {
            return cache.get(window);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
