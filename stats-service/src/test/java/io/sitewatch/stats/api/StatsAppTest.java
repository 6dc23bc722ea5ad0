package io.sitewatch.stats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.StatsReport;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functional tests of the HTTP API on the memory store, with JavalinTest. */
class StatsAppTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:03Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryMeasurementStore store = new InMemoryMeasurementStore(Duration.ofHours(24),
            Duration.ofSeconds(10), clock);
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Javalin app(MeasurementStore s) {
        return StatsApp.create(new StatsQueries(s, clock), new Health(s, () -> Map.of("state", "running"), clock), metrics);
    }

    private static Measurement check(String site, int secondsAgo, boolean up, double ms) {
        Instant t = NOW.minusSeconds(secondsAgo);
        return new Measurement(site + t, site, "https://" + site + ".example/", "p1", "eu", t, up, up ? 200 : 503, ms,
                ms / 2, 1.0, 2.0, 3.0, 100L, up ? null : new MeasurementError(ErrorClass.STATUS, "503"));
    }

    @Test
    void statsReportsEverySiteOverTheWindow() {
        store.write(List.of(check("a", 30, true, 100), check("a", 20, false, 300), check("b", 15, true, 50),
                check("a", 700, true, 1)));
        JavalinTest.test(app(store), (server, client) -> {
            var response = client.get("/api/stats?window=10m");
            assertThat(response.code()).isEqualTo(200);
            StatsReport report = Json.read(response.body().string(), StatsReport.class);
            assertThat(report.window()).isEqualTo(Duration.ofMinutes(10));
            assertThat(report.to()).isEqualTo(Instant.parse("2026-11-22T12:00:10Z"));
            assertThat(report.from()).isEqualTo(Instant.parse("2026-11-22T11:50:00Z"));
            assertThat(report.sites()).extracting(s -> s.site()).containsExactly("a", "b");
            var a = report.sites().get(0);
            assertThat(a.checks()).isEqualTo(2);
            assertThat(a.availability()).isEqualTo(0.5);
            assertThat(a.responseMs().avg()).isEqualTo(200.0);
            assertThat(a.responseMs().max()).isEqualTo(300.0);
            assertThat(a.statusCodes()).containsEntry("200", 1L).containsEntry("503", 1L);
            assertThat(a.errors()).containsEntry("STATUS", 1L);

            JsonNode one = Json.mapper().readTree(client.get("/api/stats?window=1h&site=b").body().string());
            assertThat(one.get("window").asText()).isEqualTo("1h");
            assertThat(one.get("from").asText()).isEqualTo("2026-11-22T11:01:00Z");
            assertThat(one.get("to").asText()).isEqualTo("2026-11-22T12:01:00Z");
            assertThat(one.get("sites")).hasSize(1);
            assertThat(one.get("sites").get(0).get("lastUp").asText()).isEqualTo("2026-11-22T11:59:48Z");
        });
    }

    /** A week asked of a store that keeps 24 h: the report's from is the horizon, not a week ago it never summed. */
    @Test
    void aWindowLongerThanTheRetentionSaysWhereTheSumStarts() {
        store.write(List.of(check("a", 30, true, 100), check("a", 86_000, false, 300)));
        JavalinTest.test(app(store), (server, client) -> {
            for (String window : List.of("7d", "30d", "25h")) {
                StatsReport report = Json.read(client.get("/api/stats?window=" + window).body().string(),
                        StatsReport.class);
                assertThat(report.from()).as(window).isEqualTo(Instant.parse("2026-11-21T12:00:10Z"));
                assertThat(report.to()).as(window).isEqualTo(Instant.parse("2026-11-22T12:01:00Z"));
                assertThat(report.sites().get(0).checks()).as(window).isEqualTo(2);
            }
            StatsReport day = Json.read(client.get("/api/stats?window=23h").body().string(), StatsReport.class);
            assertThat(day.from()).isEqualTo(Instant.parse("2026-11-21T13:01:00Z"));
        });
    }

    @Test
    void noDataMeansNullAvailabilityNotZero() {
        store.write(List.of(Measurement.overloaded("o", "c", "https://c.example/", "p", "eu", NOW.minusSeconds(5), "lag")));
        JavalinTest.test(app(store), (server, client) -> {
            JsonNode site = Json.mapper().readTree(client.get("/api/stats?site=c").body().string()).get("sites").get(0);
            assertThat(site.get("checks").asLong()).isEqualTo(1);
            assertThat(site.has("availability")).isTrue();
            assertThat(site.get("availability").isNull()).isTrue();
        });
    }

    @Test
    void seriesHasOnePointPerStep() {
        store.write(List.of(check("a", 30, true, 100), check("a", 90, false, 300)));
        JavalinTest.test(app(store), (server, client) -> {
            var response = client.get("/api/stats/series?site=a&window=5m&step=1m");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(response.body().string());
            assertThat(body.get("step").asText()).isEqualTo("1m");
            assertThat(body.get("points")).hasSize(5);
            JsonNode last = body.get("points").get(4);
            assertThat(last.get("time").asText()).isEqualTo("2026-11-22T12:01:00Z");
            assertThat(last.get("stats").get("checks").asLong()).isZero();
            assertThat(last.get("stats").get("availability").isNull()).isTrue();
            // 11:59:33 is in (11:59, 12:00], 11:58:33 in (11:58, 11:59]
            assertThat(body.get("points").get(3).get("stats").get("availability").asDouble()).isEqualTo(1.0);
            assertThat(body.get("points").get(2).get("stats").get("availability").asDouble()).isEqualTo(0.0);
        });
    }

    @Test
    void invalidParametersAre400WithTheParameterNamed() {
        JavalinTest.test(app(store), (server, client) -> {
            assertError(client.get("/api/stats?window=abc"), 400, "window", "window must be a duration like");
            assertError(client.get("/api/stats?window=0s"), 400, "window", "window must be positive");
            assertError(client.get("/api/stats?window=400d"), 400, "window", "at most 31d");
            assertError(client.get("/api/stats?site=%20bad%20"), 400, "site", "site must be a site id");
            assertError(client.get("/api/stats/series?window=1h"), 400, "site", "site is required");
            assertError(client.get("/api/stats/series?site=a&step=15s"), 400, "step", "multiple of 10s");
            assertError(client.get("/api/stats/series?site=a&window=1m&step=5m"), 400, "step", "must not exceed");
            assertError(client.get("/api/stats/series?site=a&window=31d&step=10s"), 400, "step", "at most 10000 points");
        });
    }

    /** The step a too-many-points error suggests is taken, and the largest series allowed has the points it says. */
    @Test
    void theStepSuggestedForTooManyPointsIsAccepted() {
        JavalinTest.test(app(store), (server, client) -> {
            for (String window : List.of("31d", "100005s", "27h47m45s", "1d")) {
                var refused = client.get("/api/stats/series?site=a&window=" + window + "&step=10s");
                String step = "10s";
                if (refused.code() == 400) {
                    String error = Json.mapper().readTree(refused.body().string()).get("error").asText();
                    step = error.substring(error.lastIndexOf(' ') + 1);
                }
                var response = client.get("/api/stats/series?site=a&window=" + window + "&step=" + step);
                assertThat(response.code()).as("window=%s step=%s", window, step).isEqualTo(200);
                assertThat(Json.mapper().readTree(response.body().string()).get("points").size())
                        .as("window=%s step=%s", window, step).isLessThanOrEqualTo(MeasurementStore.MAX_SERIES_POINTS);
            }
            var largest = client.get("/api/stats/series?site=a&window=100000s&step=10s");
            assertThat(Json.mapper().readTree(largest.body().string()).get("points")).hasSize(10_000);
        });
    }

    @Test
    void unknownRoutesAre404Json() {
        JavalinTest.test(app(store), (server, client) -> {
            var response = client.get("/api/nope");
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(Json.mapper().readTree(response.body().string()).get("error").asText())
                    .contains("GET /api/nope").contains("not found");
        });
    }

    @Test
    void aWrongMethodOnAKnownRouteIsA405NamingTheAllowedOne() {
        JavalinTest.test(app(store), (server, client) -> {
            var response = client.post("/api/stats?window=10m", "");
            assertThat(response.code()).isEqualTo(405);
            assertThat(response.headers().get("Allow")).containsExactly("GET");
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(Json.mapper().readTree(response.body().string()).get("error").asText())
                    .isEqualTo("method not allowed: POST /api/stats; this resource takes GET");
            assertThat(client.delete("/api/stats/series", null).code()).isEqualTo(405);
            assertThat(client.post("/api/nope", "").code()).as("no such route at all").isEqualTo(404);
        });
    }

    @Test
    void healthIsOkWithAWorkingStoreAndMetricsArePrometheusText() {
        metrics.counter("sitewatch.stats.ingested").increment();
        JavalinTest.test(app(store), (server, client) -> {
            var health = client.get("/health");
            assertThat(health.code()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(health.body().string());
            assertThat(body.get("status").asText()).isEqualTo("ok");
            assertThat(body.get("store").get("kind").asText()).isEqualTo("memory");
            assertThat(body.get("commit").asText()).matches("[0-9a-f]{7,40}");
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            var ready = client.get("/health/ready");
            assertThat(ready.code()).as("the store is up and ingest is running").isEqualTo(200);
            client.get("/api/stats?window=10m&site=a");
            var scrape = client.get("/metrics");
            assertThat(scrape.code()).isEqualTo(200);
            assertThat(scrape.body().string()).contains("sitewatch_stats_ingested_total 1.0")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/api/stats\",status=\"200\"} 1");
        });
    }

    @Test
    void healthIsDegradedAndQueriesAre503WhileTheStoreIsDown() {
        MeasurementStore down = new DownStore();
        JavalinTest.test(app(down), (server, client) -> {
            var health = client.get("/health");
            assertThat(health.code()).isEqualTo(503);
            JsonNode body = Json.mapper().readTree(health.body().string());
            assertThat(body.get("status").asText()).isEqualTo("degraded");
            assertThat(body.get("store").get("error").asText()).isEqualTo("influxdb at http://x is unreachable");
            assertThat(client.get("/health/ready").code()).isEqualTo(503);
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            var stats = client.get("/api/stats?window=10m");
            assertThat(stats.code()).isEqualTo(503);
            assertThat(Json.mapper().readTree(stats.body().string()).get("error").asText())
                    .isEqualTo("store unavailable: influxdb at http://x is unreachable");
        });
    }

    /** A store whose backend is down. */
    private static final class DownStore implements MeasurementStore {
        private static StoreUnavailableException down() {
            return new StoreUnavailableException("influxdb at http://x is unreachable");
        }

        @Override
        public void write(List<Measurement> batch) {
            throw down();
        }

        @Override
        public List<io.sitewatch.model.SiteStats> stats(Instant from, Instant to, String site) {
            throw down();
        }

        @Override
        public List<SeriesPoint> series(String site, Instant from, Instant to, Duration step) {
            throw down();
        }

        @Override
        public void check() {
            throw down();
        }

        @Override
        public String kind() {
            return "influxdb";
        }

        @Override
        public void close() {
        }
    }

    private static void assertError(io.javalin.testtools.Response response, int code, String parameter, String text)
            throws Exception {
        assertThat(response.code()).isEqualTo(code);
        JsonNode body = Json.mapper().readTree(response.body().string());
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("error").asText()).contains(text);
    }
}
