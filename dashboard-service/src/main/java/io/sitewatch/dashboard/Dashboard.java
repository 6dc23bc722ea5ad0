package io.sitewatch.dashboard;

import io.sitewatch.dashboard.alerts.AlertHistory;
import io.sitewatch.dashboard.alerts.AlertService;
import io.sitewatch.dashboard.events.EventHub;
import io.sitewatch.dashboard.events.ServerEvent;
import io.sitewatch.dashboard.metrics.DashboardMetrics;
import io.sitewatch.dashboard.sites.SiteDirectory;
import io.sitewatch.dashboard.sites.SiteService;
import io.sitewatch.dashboard.stats.ResponseTimeHistory;
import io.sitewatch.dashboard.stats.StatsClient;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.dashboard.targets.ApiTokenAuth;
import io.sitewatch.dashboard.targets.TargetService;
import io.sitewatch.dashboard.targets.TargetWriter;
import java.time.Clock;
import java.time.Duration;
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

    private final DashboardSettings settings;
    private final DashboardMetrics metrics = new DashboardMetrics();
    private final EventHub hub;
    private final AlertService alerts;
    private final SiteDirectory directory = new SiteDirectory();
    private final ResponseTimeHistory chartPoints = new ResponseTimeHistory(CHART_POINTS);
    private final StatsViews views;
    private final SiteService sites;
    private final TargetService targets;
    private final ApiTokenAuth auth;
    private volatile BooleanSupplier kafkaConnected = () -> false;

    public Dashboard(DashboardSettings settings, TargetWriter writer, Clock clock) {
        this.settings = settings;
        this.hub = new EventHub(Math.max(2, Runtime.getRuntime().availableProcessors()), SSE_MAX_QUEUED,
                SSE_KEEP_ALIVE, metrics::sseClientDropped);
        metrics.sseClientsGauge(hub::clients);
        this.alerts = new AlertService(new AlertHistory(settings.historySize()), hub, metrics);
        Duration fetchTimeout = Duration.ofSeconds(5);
        this.views = new StatsViews(settings.views(), new StatsClient(settings.statsUrl(), fetchTimeout),
                this::onSnapshot, metrics, clock);
        this.sites = new SiteService(directory, alerts.history(), views);
        this.targets = new TargetService(writer, directory, settings.defaults(), settings.alerting(), metrics);
        this.auth = new ApiTokenAuth(settings.apiToken());
    }

    private void onSnapshot(ViewSnapshot snapshot) {
        if (snapshot.window().equals(views.shortest().window())) {
            chartPoints.record(snapshot);
        }
        hub.publish(ServerEvent.of(ServerEvent.STATS, snapshot));
    }

    /** Starts fetching the stats views on their cadence. */
    public void startStats() {
        views.start();
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

    public TargetService targets() {
        return targets;
    }

    public ApiTokenAuth auth() {
        return auth;
    }

    @Override
    public void close() {
        views.close();
        hub.close();
    }
}
