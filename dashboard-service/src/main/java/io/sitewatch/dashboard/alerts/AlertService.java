package io.sitewatch.dashboard.alerts;

import io.sitewatch.dashboard.events.EventHub;
import io.sitewatch.dashboard.events.ServerEvent;
import io.sitewatch.dashboard.metrics.DashboardMetrics;
import io.sitewatch.model.Alert;
import java.util.List;
import java.util.function.Consumer;

/** Takes alerts as they are consumed: keeps them in the history and pushes each new one to the clients. */
public final class AlertService implements Consumer<Alert> {
    public static final int DEFAULT_LIMIT = 100;

    private final AlertHistory history;
    private final EventHub hub;
    private final DashboardMetrics metrics;

    public AlertService(AlertHistory history, EventHub hub, DashboardMetrics metrics) {
        this.history = history;
        this.hub = hub;
        this.metrics = metrics;
    }

    @Override
    public void accept(Alert alert) {
        if (history.add(alert)) {
            metrics.alertConsumed();
            hub.publish(ServerEvent.of(ServerEvent.ALERT, alert));
        }
    }

    public List<Alert> newest(int limit, String site) {
        return history.newest(limit, site);
    }

    public int maxLimit() {
        return history.capacity();
    }

    public AlertHistory history() {
        return history;
    }
}
