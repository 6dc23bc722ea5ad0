package io.sitewatch.dashboard.testdoubles;

import com.sun.net.httpserver.HttpServer;
import io.sitewatch.json.Json;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test double of the stats service (built by another team): a real loopback HTTP server answering
 * {@code GET /api/stats?window=…} with StatsReport JSON produced by a function of the window, counting requests,
 * and able to fail with any HTTP status to simulate an outage.
 */
public final class StatsServiceTestDouble implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> byWindow = new ConcurrentHashMap<>();
    private volatile Function<Duration, StatsReport> reports = w -> report(w, List.of());
    private volatile int failWith = 0;
    private volatile Function<String, List<Map<String, Object>>> series;

    public StatsServiceTestDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/stats", exchange -> {
            requests.incrementAndGet();
            String query = exchange.getRequestURI().getQuery();
            String w = query == null ? "" : query.replaceFirst(".*window=([^&]*).*", "$1");
            byWindow.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet();
            byte[] body;
            int status = failWith;
            if (status != 0) {
                body = "{\"error\":\"simulated outage\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = Json.writeBytes(reports.apply(Durations.parse(w)));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/api/stats/series", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            int status = failWith != 0 ? failWith : series == null ? 404 : 200;
            if (status == 200) {
                String query = exchange.getRequestURI().getQuery();
                String site = java.net.URLDecoder.decode(query.replaceFirst(".*site=([^&]*).*", "$1"),
                        StandardCharsets.UTF_8);
                Duration window = Durations.parse(query.replaceFirst(".*window=([^&]*).*", "$1"));
                Duration step = Durations.parse(query.replaceFirst(".*step=([^&]*).*", "$1"));
                // the stats service's answer (stats-service/README.md): the points inside an object that names them
                Instant to = Instant.now();
                body = Json.writeBytes(Map.of("site", site, "window", Durations.format(window), "step",
                        Durations.format(step), "from", to.minus(window).toString(), "to", to.toString(), "points",
                        series.apply(site)));
            } else {
                body = "{\"error\":\"no series\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves these sites' stats for every window. */
    public StatsServiceTestDouble serve(List<SiteStats> sites) {
        reports = w -> report(w, sites);
        failWith = 0;
        return this;
    }

    public StatsServiceTestDouble serve(Function<Duration, StatsReport> byWindow) {
        reports = byWindow;
        failWith = 0;
        return this;
    }

    /**
     * Serves {@code /api/stats/series} as the stats service does, {@code {"site", "window", "step", "from", "to",
     * "points": [{time, stats}]}}, with these points per site (404 until called).
     */
    public StatsServiceTestDouble serveSeries(Function<String, List<Map<String, Object>>> bySite) {
        series = bySite;
        return this;
    }

    /** Answers every request with this status (e.g. 503) until {@link #serve} is called again. */
    public StatsServiceTestDouble failWith(int status) {
        failWith = status;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    public int requests(String window) {
        AtomicInteger n = byWindow.get(window);
        return n == null ? 0 : n.get();
    }

    public static StatsReport report(Duration window, List<SiteStats> sites) {
        Instant to = Instant.now();
        return new StatsReport(window, to.minus(window), to, sites);
    }

    /** Stats of a site with the given availability and response times (ms). */
    public static SiteStats site(String site, Double availability, double avg, double max, double p95) {
        Instant now = Instant.now();
        return new SiteStats(site, 60, 60, availability,
                new SiteStats.Timing(avg, max, avg, p95, max),
                new SiteStats.Timing(avg / 2, max / 2, null, null, null),
                Map.of("200", 57L, "503", 3L), Map.of("STATUS", 3L), now, now);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
