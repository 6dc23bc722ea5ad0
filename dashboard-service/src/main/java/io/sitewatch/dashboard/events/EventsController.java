package io.sitewatch.dashboard.events;

import io.javalin.http.Context;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.sse.SseClient;
import io.sitewatch.dashboard.Params;
import io.sitewatch.dashboard.alerts.AlertService;
import io.sitewatch.dashboard.sites.SiteEvents;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.model.Alert;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/events}: Server-Sent Events. On connect the client gets the recent alerts as {@code alert}
 * events (oldest first), the sites list as a {@code sites} event and then every view as a {@code stats} event, so a
 * page renders at once; then each new snapshot, alert and change of the sites list as it happens.
 *
 * <p>Any client that accepts an event stream gets one: {@code Accept: text/event-stream} (browsers'
 * {@code EventSource}), {@code text/*}, {@code *}{@code /*} (curl) or no Accept at all. Javalin's own SSE route
 * serves only the first and answers the others an empty 200, so the stream is opened here; a client that accepts
 * none of them gets a JSON 406 naming {@code Accept}.
 */
public final class EventsController {
    static final int INITIAL_ALERTS = 100;

    private final EventHub hub;
    private final StatsViews views;
    private final AlertService alerts;
    private final SiteEvents sites;

    public EventsController(EventHub hub, StatsViews views, AlertService alerts, SiteEvents sites) {
        this.hub = hub;
        this.views = views;
        this.alerts = alerts;
        this.sites = sites;
    }

    /** {@code GET /api/events}: negotiates, then opens the stream as Javalin's SSE handler does (no timeout). */
    public void stream(Context ctx) throws IOException {
        String accept = ctx.header("Accept");
        if (!acceptsEventStream(accept)) {
            throw new NotAcceptableResponse("Accept: /api/events is a Server-Sent Events stream; send Accept: "
                    + "text/event-stream (curl -N -H 'Accept: text/event-stream' …), was \"" + Params.shorten(accept) + "\"",
                    Map.of("field", "Accept"));
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.addHeader("Connection", "close");
        res.addHeader("Cache-Control", "no-cache");
        res.addHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        ctx.async(config -> config.timeout = 0, () -> connect(new SseClient(ctx)));
    }

    /** True when the Accept header admits {@code text/event-stream} (absent, or a matching range with q above 0). */
    static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals("text/event-stream") && !type.equals("text/*") && !type.equals("*/*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(p.substring(2).trim()) <= 0;
                    } catch (NumberFormatException e) {
                        refused = false;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    public void connect(SseClient client) {
        client.keepAlive();
        Runnable disconnect = hub.connect(new SseSink(client), this::initialEvents);
        client.onClose(disconnect);
    }

    /**
     * The snapshot a new client gets: the recent alerts (oldest first), the sites list (once the topics are read),
     * then every view. Alerts and sites first, because they give the sites' status: a client that draws each view as
     * it arrives (the plain console prints it) would otherwise show a site that is down as UP in its first tables.
     */
    List<ServerEvent> initialEvents() {
        List<ServerEvent> events = new ArrayList<>();
        List<Alert> recent = new ArrayList<>(alerts.newest(INITIAL_ALERTS, null));
        java.util.Collections.reverse(recent);
        recent.forEach(a -> events.add(ServerEvent.of(ServerEvent.ALERT, a)));
        sites.current().ifPresent(events::add);
        views.all().forEach(v -> events.add(ServerEvent.of(ServerEvent.STATS, v)));
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
