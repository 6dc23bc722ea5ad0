package io.sitewatch.stats.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.model.Measurement;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.ReadToken;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.store.influx.InfluxMeasurementStore;
import io.sitewatch.stats.store.influx.InfluxSettings;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stats API's read token, and the InfluxDB token kept out of messages, logs and /health. */
class StatsSecurityTest {
    static final String READ_TOKEN = "stats-read-token-0123456789";
    static final String INFLUX_TOKEN = "influx-secret-token-9876543210";

    @Test
    void theReadTokenGuardsTheApiButNotHealthOrMetrics() {
        var store = new InMemoryMeasurementStore(Duration.ofHours(1), Duration.ofSeconds(10), Clock.systemUTC());
        var app = StatsApp.create(new StatsQueries(store, Clock.systemUTC()),
                new Health(store, () -> Map.of("state", "running"), Clock.systemUTC()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new ReadToken(READ_TOKEN));
        JavalinTest.test(app, (server, client) -> {
            for (String path : List.of("/api/stats", "/api/stats/series?site=a")) {
                var none = client.get(path);
                assertThat(none.code()).as(path).isEqualTo(401);
                assertThat(Json.mapper().readTree(none.body().string()).get("error").asText())
                        .isEqualTo("Authorization: the stats API needs the read token (Authorization: Bearer "
                                + "<SITEWATCH_READ_TOKEN>)");
                assertThat(client.get(path, b -> b.header("Authorization", "Bearer " + READ_TOKEN + "0")).code())
                        .isEqualTo(401);
                assertThat(client.get(path, b -> b.header("Authorization", "Bearer " + READ_TOKEN)).code())
                        .isEqualTo(200);
            }
            assertThat(client.get("/health").code()).isEqualTo(200);
            assertThat(client.get("/metrics").code()).isEqualTo(200);
        });
    }

    /**
     * A hostile InfluxDB that echoes the Authorization header it receives into every error body, as JSON and as
     * plain text: the token must not come back out in exception messages, their causes, /health or the log.
     */
    @Test
    void theInfluxTokenNeverLeavesThroughErrorsHealthOrLogs() throws Exception {
        HttpServer influx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        influx.createContext("/", ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            String path = ex.getRequestURI().getPath();
            if (path.equals("/ping")) {
                ex.getResponseHeaders().add("X-Influxdb-Version", "1.8.10");
                send(ex, 204, "");
            } else if (path.equals("/query") && "POST".equals(ex.getRequestMethod())) {
                send(ex, 500, "{\"error\": \"cannot create database for " + auth + "\"}");
            } else if (path.equals("/query")) {
                send(ex, 200, "not json: " + auth);
            } else {
                send(ex, 400, "{\"code\": \"invalid\", \"message\": \"bad write by " + auth + "\"}");
            }
        });
        influx.start();
        InfluxSettings settings = new InfluxSettings("http://127.0.0.1:" + influx.getAddress().getPort(), "org",
                "db", INFLUX_TOKEN, Duration.ofSeconds(5));
        List<Throwable> errors = new ArrayList<>();
        String health;
        try (LogCapture logs = new LogCapture(); InfluxMeasurementStore store = new InfluxMeasurementStore(settings)) {
            errors.add(catchThrowable(store::check));
            health = Json.write(new Health(store, Map::of, Clock.systemUTC()).status().body());
            Instant t = Instant.parse("2026-11-22T05:00:00Z");
            errors.add(catchThrowable(() -> store.write(List.of(new Measurement("m1", "a", "https://a.example", "p",
                    "eu", t, true, 200, 10.0, 5.0, 1.0, 1.0, null, 10L, null)))));
            errors.add(catchThrowable(() -> store.stats(t.minusSeconds(60), t, null)));
            assertThat(errors).allMatch(e -> e != null);
            for (Throwable e : errors) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    assertThat(String.valueOf(c.getMessage())).as(c.getClass().getName()).doesNotContain(INFLUX_TOKEN);
                }
            }
            assertThat(errors.get(0).getMessage()).contains("cannot create database for Token ***");
            assertThat(health).contains("degraded").doesNotContain(INFLUX_TOKEN);
            assertThat(logs.text()).doesNotContain(INFLUX_TOKEN);
        } finally {
            influx.stop(0);
        }
        assertThat(settings.toString()).doesNotContain(INFLUX_TOKEN);
    }

    @Test
    void theConfigurationPrintedAtStartMasksEveryToken() {
        var config = new io.sitewatch.stats.StatsService.Config(
                io.sitewatch.kafka.KafkaSettings.fromEnv(Map.of("SITEWATCH_KAFKA_PROPERTY_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"kafka-pw-123\";"),
                        "kafka:9092"),
                io.sitewatch.kafka.Topics.defaults(),
                io.sitewatch.stats.store.StoreSettings.influx(InfluxSettings.of("http://influx:8086", "o", "b", INFLUX_TOKEN)),
                "0.0.0.0", 8081, 5000, "g", READ_TOKEN);
        assertThat(config.toString()).contains("readToken=***", "token=***", "kafka:9092")
                .doesNotContain(INFLUX_TOKEN, READ_TOKEN, "kafka-pw-123");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
