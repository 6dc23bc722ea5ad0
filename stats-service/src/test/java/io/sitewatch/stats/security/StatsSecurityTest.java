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
import java.util.concurrent.atomic.AtomicInteger;
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
        AtomicInteger creates = new AtomicInteger();
        influx.createContext("/", ex -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            String path = ex.getRequestURI().getPath();
            if (path.equals("/ping")) {
                ex.getResponseHeaders().add("X-Influxdb-Version", "1.8.10");
                send(ex, 204, "");
            } else if (path.equals("/query") && "POST".equals(ex.getRequestMethod())) {
                // refused for check() and /health; then made, so that the write itself gets to fail
                send(ex, creates.incrementAndGet() <= 2 ? 500 : 200, creates.get() <= 2
                        ? "{\"error\": \"cannot create database for " + auth + "\"}" : "{\"results\":[{}]}");
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
            assertThat(errors.get(1).getMessage()).contains("bad write by Token ***");
            assertThat(health).contains("degraded").doesNotContain(INFLUX_TOKEN);
            assertThat(logs.text()).doesNotContain(INFLUX_TOKEN);
        } finally {
            influx.stop(0);
        }
        assertThat(settings.toString()).doesNotContain(INFLUX_TOKEN);
    }

    /**
     * A wrong token is said to be refused (and a missing one to be needed), on 2.x and 1.x alike: the 2.x store
     * said the bucket was missing and to run {@code influx bucket create}, which was not the problem.
     */
    @Test
    void anInfluxThatRefusesTheTokenIsSaidToRefuseIt() throws Exception {
        for (String version : List.of("v2.7.1", "1.8.10")) {
            HttpServer influx = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            influx.createContext("/", ex -> {
                if (ex.getRequestURI().getPath().equals("/ping")) {
                    ex.getResponseHeaders().add("X-Influxdb-Version", version);
                    send(ex, 204, "");
                } else {
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    send(ex, 401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");
                }
            });
            influx.start();
            String url = "http://127.0.0.1:" + influx.getAddress().getPort();
            Instant t = Instant.parse("2026-11-22T05:00:00Z");
            Measurement m = new Measurement("m1", "a", "https://a.example", "p", "eu", t, true, 200, 10.0, 5.0, null,
                    null, null, 10L, null);
            try (InfluxMeasurementStore store = new InfluxMeasurementStore(InfluxSettings.of(url, "org", "b", INFLUX_TOKEN));
                 InfluxMeasurementStore anonymous = new InfluxMeasurementStore(InfluxSettings.of(url, "org", "b", ""))) {
                String refused = "influxdb at " + url + " refused the token (HTTP 401): check --influx-token-file, "
                        + "SITEWATCH_INFLUX_TOKEN or --influx-token (an API token; user:password for 1.x with auth)";
                assertThat(catchThrowable(store::check)).as(version).hasMessage(refused);
                assertThat(catchThrowable(() -> store.write(List.of(m)))).as(version).hasMessage(refused);
                assertThat(catchThrowable(() -> store.stats(t.minusSeconds(60), t, null))).as(version).hasMessage(refused);
                assertThat(catchThrowable(anonymous::check)).as(version).hasMessage("influxdb at " + url
                        + " needs a token (HTTP 401): give one with --influx-token-file, SITEWATCH_INFLUX_TOKEN or "
                        + "--influx-token");
            } finally {
                influx.stop(0);
            }
        }
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
