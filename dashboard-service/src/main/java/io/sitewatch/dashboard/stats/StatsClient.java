package io.sitewatch.dashboard.stats;

import io.sitewatch.json.Json;
import io.sitewatch.model.StatsReport;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads {@code GET {statsUrl}/api/stats?window=…} from the stats service (JDK HTTP client). Failures become a
 * {@link StatsUnavailableException} with a short, secret-free reason; the URL is never part of the message.
 */
public final class StatsClient {
    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final String authorization;

    public StatsClient(URI statsUrl, Duration timeout) {
        this(statsUrl, timeout, null);
    }

    /** @param token bearer token the stats service's read API needs, or null */
    public StatsClient(URI statsUrl, Duration timeout, String token) {
        this.authorization = token == null ? null : "Bearer " + token;
        String s = statsUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public StatsReport fetch(Duration window) throws StatsUnavailableException {
        String body = get("/api/stats?window=" + Durations.format(window));
        try {
            return Json.read(body, StatsReport.class);
        } catch (IllegalArgumentException e) {
            throw new StatsUnavailableException("invalid", "the stats service sent an answer that is not a stats report");
        }
    }

    /** One point of {@code GET /api/stats/series}: a site's aggregates over the step ending at {@code time}. */
    public record SeriesPoint(java.time.Instant time, io.sitewatch.model.SiteStats stats) {
    }

    /**
     * The answer of {@code GET /api/stats/series}: {@code {"site", "window", "step", "from", "to", "points": [...]}}
     * (stats-service/README.md); only the points are used.
     */
    private record SeriesAnswer(java.util.List<SeriesPoint> points) {
    }

    /** {@code GET /api/stats/series?site=…&window=…&step=…}: a site's aggregates per step over the window. */
    public java.util.List<SeriesPoint> series(String site, Duration window, Duration step) throws StatsUnavailableException {
        String body = get("/api/stats/series?site=" + java.net.URLEncoder.encode(site, java.nio.charset.StandardCharsets.UTF_8)
                + "&window=" + Durations.format(window) + "&step=" + Durations.format(step));
        SeriesAnswer answer;
        try {
            answer = Json.mapper().readValue(body, SeriesAnswer.class);
        } catch (IOException | IllegalArgumentException e) {
            answer = null;
        }
        if (answer == null || answer.points() == null) {
            throw new StatsUnavailableException("invalid", "the stats service sent a series that cannot be read");
        }
        return answer.points();
    }

    private String get(String pathAndQuery) throws StatsUnavailableException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpRequest request = b.GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new StatsUnavailableException("timeout", "the stats service did not answer within "
                    + Durations.format(timeout));
        } catch (ConnectException e) {
            throw new StatsUnavailableException("unreachable", "the stats service is unreachable (connection refused)");
        } catch (IOException e) {
            throw new StatsUnavailableException("io", "cannot reach the stats service (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatsUnavailableException("interrupted", "interrupted");
        }
        if (response.statusCode() != 200) {
            throw new StatsUnavailableException("status_" + response.statusCode(),
                    "the stats service answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** A failed fetch: {@code reason} is a metric tag, the message is shown to users. */
    public static final class StatsUnavailableException extends Exception {
        private final String reason;

        public StatsUnavailableException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
