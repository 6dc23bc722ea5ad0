package io.sitewatch.dashboard;

import io.sitewatch.dashboard.alerts.AlertHistory;
import io.sitewatch.dashboard.alerts.AlertService;
import io.sitewatch.dashboard.events.EventHub;
import io.sitewatch.dashboard.events.ServerEvent;
import io.sitewatch.dashboard.metrics.DashboardMetrics;
import io.sitewatch.dashboard.sites.SiteDirectory;
import io.sitewatch.dashboard.sites.SiteEvents;
import io.sitewatch.dashboard.sites.SiteService;
import io.sitewatch.dashboard.stats.ResponseTimeHistory;
import io.sitewatch.dashboard.stats.StatsClient;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.dashboard.targets.ApiTokenAuth;
import io.sitewatch.dashboard.targets.ReadAccess;
import io.sitewatch.net.AddressPolicy;
import io.sitewatch.dashboard.targets.TargetService;
import io.sitewatch.dashboard.targets.TargetWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The dashboard's services wired together, without any I/O in the constructor: the alert history, the site
 * directory, the cached stats views, the event hub and the target service. {@link DashboardServer} feeds it
 * from Kafka and serves it over HTTP; functional tests feed it directly.
 */
public final class Dashboard implements AutoCloseable {
    /** Chart points kept per site: an hour of the default 10 s view. */
    static final int CHART_POINTS = 360;
    static final int SSE_MAX_QUEUED = 1_000;
    static final Duration SSE_KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration CHART_SPAN = Duration.ofHours(1);
    static final int MAX_BACKFILL_SITES = 200;
    /** Tells pages to reload {@code /api/stats/history} (after the backfill). */
    static final String HISTORY_EVENT = "history";
    /** How often the sites list is checked for changes to push (see {@link SiteEvents}). */
    static final Duration SITES_CHECK = Duration.ofSeconds(1);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dashboard.class);

    private final DashboardSettings settings;
    private final DashboardMetrics metrics = new DashboardMetrics();
    private final EventHub hub;
    private final AlertService alerts;
    private final SiteDirectory directory = new SiteDirectory();
    private final ResponseTimeHistory chartPoints = new ResponseTimeHistory(CHART_POINTS);
    private final StatsViews views;
    private final SiteService sites;
    private final SiteEvents siteEvents;
    private final TargetService targets;
    private final ApiTokenAuth auth;
    private final ReadAccess readAccess;
    private volatile BooleanSupplier kafkaConnected = () -> false;
    private volatile java.util.function.Supplier<List<String>> missingTopics = List::of;
    private final StatsClient statsClient;
    private final java.util.concurrent.atomic.AtomicBoolean backfilled = new java.util.concurrent.atomic.AtomicBoolean();

    public Dashboard(DashboardSettings settings, TargetWriter writer, Clock clock) {
        this.settings = settings;
        this.hub = new EventHub(Math.max(2, Runtime.getRuntime().availableProcessors()), SSE_MAX_QUEUED,
                SSE_KEEP_ALIVE, metrics::sseClientDropped);
        metrics.sseClientsGauge(hub::clients);
        io.micrometer.core.instrument.FunctionCounter.builder("sitewatch.dashboard.sse.refused", hub, EventHub::refused)
                .description("Event-stream clients refused because the dashboard served its maximum").register(metrics.registry());
        AlertHistory history = new AlertHistory(settings.historySize());
        io.micrometer.core.instrument.Gauge.builder("sitewatch.dashboard.alert.history.size", history, AlertHistory::size)
                .description("Alerts kept in memory (bounded by --history-size)").register(metrics.registry());
        io.micrometer.core.instrument.FunctionCounter.builder("sitewatch.dashboard.alert.history.evicted", history,
                AlertHistory::evicted).description("Oldest alerts dropped from the full in-memory history")
                .register(metrics.registry());
        this.alerts = new AlertService(history, hub, metrics);
        io.micrometer.core.instrument.Gauge.builder("sitewatch.dashboard.chart.sites", chartPoints,
                ResponseTimeHistory::sites).description("Sites with response-time chart points in memory")
                .register(metrics.registry());
        Duration fetchTimeout = Duration.ofSeconds(5);
        this.statsClient = new StatsClient(settings.statsUrl(), fetchTimeout, settings.statsToken());
        this.views = new StatsViews(settings.views(), statsClient, this::onSnapshot, metrics, clock);
        this.sites = new SiteService(directory, alerts.history(), views);
        this.siteEvents = new SiteEvents(sites, hub, SITES_CHECK);
        this.targets = new TargetService(writer, directory, settings.defaults(), settings.alerting(), metrics,
                settings.targetsAllow(), AddressPolicy.SYSTEM);
        this.auth = new ApiTokenAuth(settings.apiToken());
        this.readAccess = new ReadAccess(settings.readToken(), settings.apiToken());
    }

    private void onSnapshot(ViewSnapshot snapshot) {
        if (snapshot.window().equals(views.shortest().window())) {
            chartPoints.record(snapshot);
            if (!snapshot.stale() && backfilled.compareAndSet(false, true)) {
                backfill(snapshot);
            }
        }
        hub.publish(ServerEvent.of(ServerEvent.STATS, snapshot));
    }

    /**
     * Once, after the first good fetch: the past hour of each site from the stats service's series endpoint, so
     * the charts are not empty after a restart. Best effort: a stats service without the endpoint leaves the charts
     * to fill in from live refreshes.
     */
    private void backfill(ViewSnapshot first) {
        Thread t = new Thread(() -> {
            Duration step = first.refresh().compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : first.refresh();
            int sites = 0;
            for (var site : first.report().sites()) {
                if (++sites > MAX_BACKFILL_SITES) {
                    break;
                }
                try {
                    List<ResponseTimeHistory.Point> points = statsClient.series(site.site(), CHART_SPAN, step).stream()
                            .filter(p -> p.stats() != null && p.stats().responseMs() != null
                                    && p.stats().responseMs().avg() != null)
                            .map(p -> new ResponseTimeHistory.Point(p.time(), p.stats().responseMs().avg(),
                                    p.stats().responseMs().p95(), p.stats().responseMs().max(), p.stats().availability()))
                            .toList();
                    chartPoints.backfill(site.site(), points);
                } catch (StatsClient.StatsUnavailableException e) {
                    log.info("event=chart_backfill_skipped reason={}", e.reason());
                    return;
                }
            }
            hub.publish(new ServerEvent(HISTORY_EVENT, "{}"));
        }, "dashboard-chart-backfill");
        t.setDaemon(true);
        t.start();
    }

    /** Starts fetching the stats views on their cadence and pushing the sites list when it changes. */
    public void start() {
        startStats();
        siteEvents.start();
    }

    /** Starts fetching the stats views on their cadence. */
    public void startStats() {
        views.start();
    }

    /**
     * What says that the targets and alerts topics have been read to their end; until it does, no sites list is
     * pushed (a site not read yet is not a removed one).
     */
    public void topicsLoaded(BooleanSupplier loaded) {
        siteEvents.loaded(loaded);
    }

    /** The followed topics that do not exist (the broker said so), for the health answers. */
    public void missingTopics(java.util.function.Supplier<List<String>> missing) {
        this.missingTopics = missing;
    }

    public List<String> missingTopics() {
        return missingTopics.get();
    }

    /**
     * What the health answers say about Kafka: {@code connected}, {@code not connected}, or, when the broker answered
     * that a followed topic does not exist, {@code connected} with an {@code error} naming the topics and the fix.
     */
    public java.util.Map<String, Object> kafkaHealth() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        List<String> missing = missingTopics();
        if (!missing.isEmpty()) {
            m.put("kafka", "connected");
            boolean one = missing.size() == 1;
            m.put("error", (one ? "topic " : "topics ") + String.join(" and ", missing)
                    + (one ? " does not exist yet; the dashboard follows it when it does"
                            : " do not exist yet; the dashboard follows them when they do")
                    + " (`sitewatch targets apply` creates the topics; check --topic-prefix)");
        } else {
            m.put("kafka", kafkaConnected() ? "connected" : "not connected");
        }
        return m;
    }

    public void kafkaConnected(BooleanSupplier connected) {
        this.kafkaConnected = connected;
    }

    public boolean kafkaConnected() {
        return kafkaConnected.getAsBoolean();
    }

    public DashboardSettings settings() {
        return settings;
    }

    public DashboardMetrics metrics() {
        return metrics;
    }

    public EventHub hub() {
        return hub;
    }

    public AlertService alerts() {
        return alerts;
    }

    public SiteDirectory directory() {
        return directory;
    }

    public ResponseTimeHistory chartPoints() {
        return chartPoints;
    }

    public StatsViews views() {
        return views;
    }

    public SiteService sites() {
        return sites;
    }

    public SiteEvents siteEvents() {
        return siteEvents;
    }

    public TargetService targets() {
        return targets;
    }

    public ApiTokenAuth auth() {
        return auth;
    }

    public ReadAccess readAccess() {
        return readAccess;
    }

    @Override
    public void close() {
        views.close();
        siteEvents.close();
        hub.close();
    }
}
