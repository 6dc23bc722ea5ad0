package io.sitewatch.alerter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.alerter.MicrometerAlerterMetrics;
import io.sitewatch.model.AlertType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthFollowsTheStreamsStateAndMetricsArePrometheusText() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerAlerterMetrics metrics = new MicrometerAlerterMetrics(registry);
        metrics.alert(AlertType.DOWN);
        metrics.lateDropped();
        metrics.deadLettered();
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (AdminServer server = AdminServer.start(0, healthy::get, () -> Map.of("streams", "RUNNING", "kafka", "connected"),
                registry::scrape,
                new io.sitewatch.observability.HttpTelemetry(registry))) {
            HttpResponse<String> up = get(server.port(), "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"").containsPattern("\"commit\":\"[0-9a-f]{7,40}\"");
            assertThat(get(server.port(), "/health/ready").statusCode()).isEqualTo(200);
            healthy.set(false);
            assertThat(get(server.port(), "/health").statusCode()).isEqualTo(503);
            HttpResponse<String> notReady = get(server.port(), "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"status\":\"NOT_READY\"", "\"streams\":\"RUNNING\"", "\"kafka\":\"connected\"");
            assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
            String body = get(server.port(), "/metrics").body();
            assertThat(body).contains("sitewatch_alerts_total{type=\"DOWN\"} 1.0")
                    .contains("sitewatch_alerts_total{type=\"RECOVERED\"} 0.0")
                    .contains("sitewatch_alerter_late_records_dropped_total 1.0")
                    .contains("sitewatch_alerter_dlq_records_total 1.0")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/health/ready\",status=\"200\"} 1");
        }
    }
}
