package io.sitewatch.dashboard.console;

import io.sitewatch.dashboard.sites.SiteView;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.json.Json;
import io.sitewatch.model.Alert;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a dashboard's {@code /api/events} stream into a {@link ConsoleModel}: on connect the dashboard sends
 * every view and the recent alerts, then each change. Reconnects with a growing pause (1 s up to 10 s) when the
 * dashboard is away; the model says so, so the screen can show it.
 *
 * <p>A stream that goes silent is given up too: the dashboard writes at least a keep-alive comment every 15 s, so
 * nothing at all for {@link #DEFAULT_SILENCE_LIMIT} means it hangs or the network between dropped the connection
 * without closing it (a laptop that slept, a VPN that went down), and the console would otherwise go on saying
 * "live" over old numbers.
 */
public final class DashboardClient implements Runnable, AutoCloseable {
    /** Called after the model changed (from the client's thread). */
    public interface Listener {
        void changed(String event, Object payload);
    }

    /** Three of the dashboard's keep-alives (every 15 s) missed in a row. */
    public static final Duration DEFAULT_SILENCE_LIMIT = Duration.ofSeconds(45);

    private static final Logger log = LoggerFactory.getLogger(DashboardClient.class);

    private final URI events;
    private final ConsoleModel model;
    private final Listener listener;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration silenceLimit;
    private volatile boolean closed;
    private volatile Stream<String> current;
    /** When the open stream last sent a line (an event's or a keep-alive comment), by {@link System#nanoTime()}. */
    private volatile long lastHeard;
    private volatile boolean silent;

    private final String readToken;

    public DashboardClient(URI dashboard, ConsoleModel model, Listener listener) {
        this(dashboard, model, listener, null);
    }

    /** @param readToken sent as a bearer token when the dashboard needs its read token; null otherwise */
    public DashboardClient(URI dashboard, ConsoleModel model, Listener listener, String readToken) {
        this(dashboard, model, listener, readToken, DEFAULT_SILENCE_LIMIT);
    }

    /** @param silenceLimit how long an open stream may send nothing at all before it is given up and reopened */
    DashboardClient(URI dashboard, ConsoleModel model, Listener listener, String readToken, Duration silenceLimit) {
        this.readToken = readToken;
        String base = dashboard.toString().replaceAll("/+$", "");
        this.events = URI.create(base + "/api/events");
        this.model = model;
        this.listener = listener;
        this.silenceLimit = silenceLimit;
    }

    @Override
    public void run() {
        Thread watchdog = new Thread(this::watchSilence, "console-events-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long pauseMs = 1000;
        while (!closed) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream");
                if (readToken != null) {
                    request.header("Authorization", "Bearer " + readToken);
                }
                HttpResponse<Stream<String>> r = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() == 401) {
                    r.body().close();
                    throw new IOException("the dashboard needs its read token: set SITEWATCH_READ_TOKEN");
                }
                if (r.statusCode() != 200) {
                    r.body().close();
                    throw new IOException("the dashboard answered HTTP " + r.statusCode());
                }
                lastHeard = System.nanoTime();
                silent = false;
                current = r.body();
                model.connection(true, null);
                listener.changed("connection", null);
                pauseMs = 1000;
                try {
                    read(r.body().iterator());
                } catch (RuntimeException e) {
                    if (!silent) {
                        throw e;
                    }
                }
                model.connection(false, silent ? "no word from the dashboard for " + Durations.format(silenceLimit)
                        + " (not even a keep-alive)" : "the dashboard closed the stream");
            } catch (IOException e) {
                model.connection(false, e.getMessage() != null && e.getMessage().startsWith("the dashboard needs")
                        ? e.getMessage() : "cannot reach the dashboard (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                model.connection(false, "stream failed (" + e.getClass().getSimpleName() + ")");
            } finally {
                current = null;
            }
            if (closed) {
                return;
            }
            listener.changed("connection", null);
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pauseMs = Math.min(10_000, pauseMs * 2);
        }
    }

    /** Closes the open stream when it has sent nothing for {@code silenceLimit}; {@link #run} then reconnects. */
    private void watchSilence() {
        long tick = Math.max(10, Math.min(1000, silenceLimit.toMillis() / 4));
        while (!closed) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            Stream<String> open = current;
            if (open != null && System.nanoTime() - lastHeard > silenceLimit.toNanos()) {
                log.debug("event=events_silent limit={}", Durations.format(silenceLimit));
                silent = true;
                open.close();
            }
        }
    }

    private void read(Iterator<String> lines) {
        String event = null;
        StringBuilder data = new StringBuilder();
        while (!closed && lines.hasNext()) {
            String line = lines.next();
            lastHeard = System.nanoTime();
            if (line.isEmpty()) {
                if (event != null && data.length() > 0) {
                    dispatch(event, data.toString());
                }
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).stripLeading());
            }
        }
    }

    void dispatch(String event, String data) {
        try {
            switch (event) {
                case "stats" -> {
                    ViewSnapshot v = Json.read(data, ViewSnapshot.class);
                    model.view(v);
                    listener.changed(event, v);
                }
                case "sites" -> {
                    SiteView[] sites = Json.read(data, SiteView[].class);
                    model.sites(java.util.List.of(sites));
                    listener.changed(event, null);
                }
                case "alert" -> {
                    Alert a = Json.read(data, Alert.class);
                    if (model.alert(a)) {
                        listener.changed(event, a);
                    }
                }
                default -> {
                    // an event this console does not know: newer dashboard
                }
            }
        } catch (IllegalArgumentException e) {
            log.debug("event=invalid_event name={} error={}", event, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> s = current;
        if (s != null) {
            s.close();
        }
    }
}
