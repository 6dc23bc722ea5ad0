package io.sitewatch.dashboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.sitewatch.observability.HttpTelemetry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The dashboard's meters, exposed in Prometheus format on {@code /metrics}: HTTP RED metrics
 * ({@code http_server_requests_seconds{method,route,status}}), connected SSE clients, alerts consumed and
 * rejected, stats fetches and their errors, target writes.
 */
public final class DashboardMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter alertsConsumed;
    private final Counter alertsInvalid;
    private final Counter targetsInvalid;
    private final Counter sseDropped;
    private final HttpTelemetry http = new HttpTelemetry(registry);

    public DashboardMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        alertsConsumed = Counter.builder("sitewatch.dashboard.alerts.consumed")
                .description("Alerts read from the alerts topic and added to the history").register(registry);
        alertsInvalid = Counter.builder("sitewatch.dashboard.alerts.invalid")
                .description("Records on the alerts topic that are not a valid Alert (skipped)").register(registry);
        targetsInvalid = Counter.builder("sitewatch.dashboard.targets.invalid")
                .description("Records on the targets topic that are not a valid Target (skipped)").register(registry);
        sseDropped = Counter.builder("sitewatch.dashboard.sse.dropped")
                .description("SSE clients disconnected because they fell too far behind").register(registry);
    }

    /** Binds JVM GC metrics; kept separate because the binder holds listeners that must be closed. */
    public JvmGcMetrics bindGcMetrics() {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    public void sseClientsGauge(IntSupplier clients) {
        Gauge.builder("sitewatch.dashboard.sse.clients", clients::getAsInt)
                .description("Connected Server-Sent Events clients").register(registry);
    }

    /** Access log and RED timer of the HTTP API ({@code http_server_requests_seconds{method,route,status,outcome}}). */
    public HttpTelemetry http() {
        return http;
    }

    public void alertConsumed() {
        alertsConsumed.increment();
    }

    public void alertInvalid() {
        alertsInvalid.increment();
    }

    public void targetInvalid() {
        targetsInvalid.increment();
    }

    public void sseClientDropped() {
        sseDropped.increment();
    }

    /** A fetch of one stats view; {@code error} is a short class of failure or null on success. */
    public void statsFetch(Duration window, String error) {
        Counter.builder("sitewatch.dashboard.stats.fetches")
                .description("Fetches of a stats view from the stats service")
                .tag("window", io.sitewatch.time.Durations.format(window))
                .tag("result", error == null ? "ok" : "error")
                .register(registry).increment();
        if (error != null) {
            Counter.builder("sitewatch.dashboard.stats.fetch.errors")
                    .description("Failed fetches of a stats view (the view keeps its last data, marked stale)")
                    .tag("window", io.sitewatch.time.Durations.format(window))
                    .tag("reason", error)
                    .register(registry).increment();
        }
    }

    public void targetWrite(String operation, String result) {
        Counter.builder("sitewatch.dashboard.target.writes")
                .description("Target changes made through the API")
                .tag("operation", operation).tag("result", result)
                .register(registry).increment();
    }

    public double alertsConsumedCount() {
        return alertsConsumed.count();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

}
