package io.sitewatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.testing.LogCapture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access log line and the RED timer, on a real Javalin app and a real JDK HTTP server. */
class HttpTelemetryTest {
    static final String SECRET = "Bearer very-secret-token-123";

    @Test
    void javalinRequestsAreLoggedAndTimedByRouteTemplateWithoutQueryOrAuthorization() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpTelemetry telemetry = new HttpTelemetry(registry);
        Javalin app = Javalin.create(config -> {
            JavalinTelemetry.install(config, telemetry);
            config.routes.get("/api/targets/{id}", ctx -> ctx.result("ok"));
            config.routes.get("/boom", ctx -> ctx.status(503));
            config.routes.get("/health", ctx -> ctx.result("up"));
        });
        try (LogCapture logs = new LogCapture()) {
            JavalinTest.test(app, (server, client) -> {
                client.get("/api/targets/shop?key=q-secret", b -> b.header("Authorization", SECRET));
                client.get("/boom");
                client.get("/nope/123?x=y");
                client.get("/health");
            });
            assertThat(logs.messages()).anyMatch(m -> m.matches(
                    "event=http_request method=GET route=/api/targets/\\{id} status=200 duration_ms=\\d+"));
            assertThat(logs.messages()).anyMatch(m -> m.startsWith(
                    "event=http_request method=GET route=/boom status=503 duration_ms="));
            assertThat(logs.messages()).anyMatch(m -> m.startsWith(
                    "event=http_request method=GET route=NOT_FOUND status=404 duration_ms="));
            assertThat(logs.text()).doesNotContain("q-secret", "very-secret", "shop", "/nope/123");
        }
        assertThat(registry.scrape())
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/api/targets/{id}\",status=\"200\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\",route=\"/boom\",status=\"503\"} 1")
                .contains("route=\"NOT_FOUND\"")
                .contains("http_server_requests_seconds_bucket{");
    }

    @Test
    void jdkServerRequestsAreLoggedAndTimedByContext() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        }).getFilters().add(new JdkHttpTelemetry(new HttpTelemetry(registry)));
        server.start();
        try (LogCapture logs = new LogCapture()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            http.send(HttpRequest.newBuilder(URI.create(base + "/metrics?x=secret")).header("Authorization", SECRET)
                    .build(), HttpResponse.BodyHandlers.discarding());
            http.send(HttpRequest.newBuilder(URI.create(base + "/metrics/other")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(logs.text()).doesNotContain("secret", "/metrics/other");
        } finally {
            server.stop(0);
        }
        assertThat(registry.scrape())
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/metrics\",status=\"200\"} 1")
                .contains("route=\"NOT_FOUND\",status=\"200\"} 1");
    }

    @Test
    void readinessIs503WithTheReasonAndBothCarryTheBuild() {
        Readiness notYet = new Readiness(() -> Readiness.Check.of(false, Map.of("kafka", "not assigned")));
        assertThat(notYet.ready().status()).isEqualTo(503);
        assertThat(notYet.ready().body()).containsEntry("status", "NOT_READY").containsEntry("kafka", "not assigned")
                .containsKeys("version", "commit");
        assertThat(notYet.live().status()).isEqualTo(200);
        Readiness broken = new Readiness(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(broken.ready().status()).isEqualTo(503);
        assertThat(new Readiness(() -> Readiness.Check.of(true, Map.of())).ready().status()).isEqualTo(200);
    }
}
