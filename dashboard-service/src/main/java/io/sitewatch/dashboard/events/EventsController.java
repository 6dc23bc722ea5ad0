package io.sitewatch.dashboard.events;

import io.javalin.http.sse.SseClient;
import io.sitewatch.dashboard.alerts.AlertService;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.model.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/events}: Server-Sent Events. On connect the client gets every view as a {@code stats} event
 * and the recent alerts as {@code alert} events (oldest first), so a page renders at once; then each new
 * snapshot and alert as it happens.
 */
public final class EventsController {
    static final int INITIAL_ALERTS = 100;

    private final EventHub hub;
    private final StatsViews views;
    private final AlertService alerts;

    public EventsController(EventHub hub, StatsViews views, AlertService alerts) {
        this.hub = hub;
        this.views = views;
        this.alerts = alerts;
    }

    public void connect(SseClient client) {
        client.keepAlive();
        Runnable disconnect = hub.connect(new SseSink(client), initialEvents());
        client.onClose(disconnect);
    }

    List<ServerEvent> initialEvents() {
        List<ServerEvent> events = new ArrayList<>();
        views.all().forEach(v -> events.add(ServerEvent.of(ServerEvent.STATS, v)));
        List<Alert> recent = new ArrayList<>(alerts.newest(INITIAL_ALERTS, null));
        java.util.Collections.reverse(recent);
        recent.forEach(a -> events.add(ServerEvent.of(ServerEvent.ALERT, a)));
        return events;
    }

    /** An {@link EventSink} over Javalin's SSE client. */
    private record SseSink(SseClient client) implements EventSink {
        @Override
        public void send(String event, String data) {
            client.sendEvent(event, data);
        }

        @Override
        public void comment(String text) {
            client.sendComment(text);
        }

        @Override
        public boolean closed() {
            return client.terminated();
        }

        @Override
        public void close() {
            if (!client.terminated()) {
                client.close(); // completes the request; call while the server runs (DashboardServer closes the hub first)
            }
        }
    }
}
