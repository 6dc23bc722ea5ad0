package io.sitewatch.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP service records per request: one access log line and the RED timer.
 *
 * <ul>
 *   <li>Log (logger {@value #ACCESS_LOGGER}): {@code event=http_request method=GET route=/api/stats status=200
 *       duration_ms=3}. The route is the matched path template, never the raw path, so neither query strings nor
 *       ids reach the log; no header (Authorization included) is ever read. Probes of {@code /health*} and scrapes
 *       of {@code /metrics} log at DEBUG, everything else at INFO.</li>
 *   <li>Metric: {@code http_server_requests_seconds{method, route, status, outcome}}, a timer with a percentile
 *       histogram (rate, errors by status/outcome, duration).</li>
 * </ul>
 * Thread-safe.
 */
public final class HttpTelemetry {
    public static final String ACCESS_LOGGER = "io.sitewatch.access";
    /** The route of requests no route matched: one tag value, whatever the path. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The route of requests whose path is a route's but whose method is not: one tag value, whatever the path. */
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpTelemetry(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One request served.
     *
     * @param route the matched route template ({@code /api/targets/{id}}), {@link #NOT_FOUND},
     *              {@link #METHOD_NOT_ALLOWED} or a fixed name
     */
    public void record(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> timer(method, route, status))
                .record(nanos, TimeUnit.NANOSECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (route.startsWith("/health") || route.equals("/metrics")) {
            ACCESS.debug("event=http_request method={} route={} status={} duration_ms={}", method, route, status, ms);
        } else {
            ACCESS.info("event=http_request method={} route={} status={} duration_ms={}", method, route, status, ms);
        }
    }

    private Timer timer(String method, String route, int status) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
