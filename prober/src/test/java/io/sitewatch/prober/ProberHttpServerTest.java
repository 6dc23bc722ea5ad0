package io.sitewatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.model.ErrorClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /health follows the prober's state; /metrics serves the documented names in Prometheus format. */
@Timeout(10)
class ProberHttpServerTest {
    @Test
    void healthAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProberMetrics metrics = new ProberMetrics(registry);
        metrics.checked(null, 5_000_000);
        metrics.checked(ErrorClass.TIMEOUT, 5_000_000);
        metrics.lag(2_000_000);
        AtomicBoolean healthy = new AtomicBoolean(false);
        HttpClient client = HttpClient.newHttpClient();
        try (ProberHttpServer server = new ProberHttpServer("127.0.0.1", 0, registry, healthy::get, () -> 3).start()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> down = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            healthy.set(true);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).startsWith("{\"status\":\"READY\",\"targets\":3,");
            HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).startsWith("{\"status\":\"UP\",\"targets\":3,\"version\":")
                    .containsPattern("\"commit\":\"[0-9a-f]{7,40}\"");
            String text = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains("sitewatch_checks_total{result=\"up\"} 1.0",
                    "sitewatch_checks_total{result=\"TIMEOUT\"} 1.0",
                    "sitewatch_check_duration_seconds_bucket", "sitewatch_schedule_lag_seconds_count 1",
                    "http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\",route=\"/health/ready\","
                            + "status=\"503\"} 1");
        }
    }
}
