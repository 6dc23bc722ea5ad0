package io.sitewatch.dashboard;

import static io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.testdoubles.RecordingTargetWriter;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Functional tests of every endpoint, on a real Javalin server with a loopback stats-service test double. */
class DashboardAppTest {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");

    StatsServiceTestDouble stats;
    RecordingTargetWriter writer;
    Dashboard dashboard;

    @BeforeEach
    void setUp() {
        stats = new StatsServiceTestDouble().serve(List.of(
                site("example", 0.98, 120.0, 480.0, 300.0), site("api", 0.5, 40.0, 90.0, 80.0)));
        writer = new RecordingTargetWriter();
        dashboard = dashboard(TOKEN);
    }

    Dashboard dashboard(String token) {
        DashboardSettings s = DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url()).withApiToken(token);
        return new Dashboard(s, writer, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        dashboard.close();
        stats.close();
    }

    private void run(io.javalin.testtools.TestCase body) {
        JavalinTest.test(DashboardApp.create(dashboard), body);
    }

    static JsonNode json(Response r) throws Exception {
        return Json.mapper().readTree(r.body().string());
    }

    static Alert down(String site, Instant at) {
        return Alert.down(site, "https://" + site + ".example", 0.5, 0.8, Duration.ofMinutes(2), 12, at);
    }

    static Alert recovered(String site, Instant at) {
        return Alert.recovered(site, "https://" + site + ".example", 0.9, 0.8, Duration.ofMinutes(2), 12, at,
                at.minusSeconds(60));
    }

    void refreshViews() {
        dashboard.views().views().forEach(dashboard.views()::refresh);
    }

    // ---- GET / and static assets -------------------------------------------------------------------------------

    @Test
    void servesThePageWithASafeContentSecurityPolicy() {
        run((server, client) -> {
            Response r = client.get("/");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.headers().get("Content-Type").get(0)).startsWith("text/html");
            assertThat(r.body().string()).contains("sitewatch");
            assertThat(r.headers().get("Content-Security-Policy").get(0)).contains("script-src 'self'");
            assertThat(r.headers().get("X-Content-Type-Options").get(0)).isEqualTo("nosniff");
        });
    }

    @Test
    void servesTheChartLibraryFromItsWebjar() {
        run((server, client) -> {
            Response r = client.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("Chart");
        });
    }

    // ---- GET /api/sites --------------------------------------------------------------------------------------

    @Test
    void sitesListTargetsWithStatusFromTheLatestAlertAndNeverTheirSecrets() {
        dashboard.directory().apply("example", new Target("example", "https://user:pw@example.com/health?token=s3cret",
                Duration.ofSeconds(10), null, null, Map.of("Authorization", "Bearer ${EXAMPLE_TOKEN}"), null, true, 5,
                null, null));
        dashboard.directory().apply("api", Target.of("api", "https://api.example.com", Duration.ofSeconds(5)));
        dashboard.directory().apply("quiet", Target.of("quiet", "https://quiet.example.com", Duration.ofSeconds(5)));
        dashboard.directory().apply("gone", Target.of("gone", "https://gone.example.com", Duration.ofSeconds(5)));
        dashboard.directory().apply("gone", null); // tombstone
        dashboard.alerts().accept(down("api", T0));
        dashboard.alerts().accept(down("example", T0));
        dashboard.alerts().accept(recovered("example", T0.plusSeconds(120)));
        refreshViews();

        run((server, client) -> {
            Response r = client.get("/api/sites");
            assertThat(r.code()).isEqualTo(200);
            String body = r.body().string();
            assertThat(body).doesNotContain("s3cret").doesNotContain("pw@").doesNotContain("EXAMPLE_TOKEN");
            JsonNode sites = Json.mapper().readTree(body);
            assertThat(sites).hasSize(3);
            assertThat(sites.get(0).get("id").asText()).isEqualTo("api");
            assertThat(sites.get(0).get("status").asText()).isEqualTo("DOWN");
            assertThat(sites.get(1).get("id").asText()).isEqualTo("example");
            assertThat(sites.get(1).get("status").asText()).isEqualTo("UP");
            assertThat(sites.get(1).get("url").asText()).isEqualTo("https://example.com/health");
            assertThat(sites.get(1).get("lastAlert").asText()).startsWith("Website example recovered.");
            assertThat(sites.get(2).get("id").asText()).isEqualTo("quiet");
            assertThat(sites.get(2).get("status").asText()).isEqualTo("NO_DATA");
        });
    }

    @Test
    void aDownSiteStaysDownOnTheSitesListWhenItsChecksComeBackAfterANoData() {
        dashboard.directory().apply("api", Target.of("api", "https://api.example.com", Duration.ofSeconds(5)));
        dashboard.alerts().accept(down("api", T0));
        dashboard.alerts().accept(Alert.noData("api", "https://api.example.com", 0.8, Duration.ofMinutes(2),
                T0.plusSeconds(60), T0));
        stats.serve(List.of()); // no checks of it since
        refreshViews();
        run((server, client) -> assertThat(json(client.get("/api/sites")).get(0).get("status").asText())
                .isEqualTo("NO_DATA"));
        // the probers are back and the site still fails: the alerter holds it DOWN and sends nothing more
        stats.serve(List.of(site("api", 0.0, 90.0, 100.0, 95.0)));
        refreshViews();
        run((server, client) -> {
            JsonNode api = json(client.get("/api/sites")).get(0);
            assertThat(api.get("status").asText()).as("was UP: the NO_DATA had ended the DOWN").isEqualTo("DOWN");
            assertThat(api.get("lastAlert").asText()).startsWith("Website api has no data.");
        });
    }

    // ---- GET /api/stats --------------------------------------------------------------------------------------

    @Test
    void statsServesTheCachedViewWithoutCallingTheStatsServicePerRequest() {
        refreshViews();
        int calls = stats.requests();
        run((server, client) -> {
            for (int i = 0; i < 20; i++) {
                Response r = client.get("/api/stats?window=10m");
                assertThat(r.code()).isEqualTo(200);
                JsonNode view = json(r);
                assertThat(view.get("window").asText()).isEqualTo("10m");
                assertThat(view.get("refresh").asText()).isEqualTo("10s");
                assertThat(view.get("stale").asBoolean()).isFalse();
                assertThat(view.get("report").get("sites")).hasSize(2);
                assertThat(view.get("report").get("sites").get(0).get("responseMs").get("p95").asDouble()).isEqualTo(300.0);
            }
            JsonNode all = json(client.get("/api/stats"));
            assertThat(all.get("views")).hasSize(2);
            assertThat(all.get("views").get(1).get("window").asText()).isEqualTo("1h");
        });
        assertThat(stats.requests()).isEqualTo(calls);
    }

    @Test
    void statsFetchesEachViewOncePerCadenceWhateverTheNumberOfClients() throws Exception {
        dashboard.close();
        DashboardSettings s = DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url())
                .withViews(List.of(new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofMillis(1000)),
                        new SitewatchConfig.View(Duration.ofHours(1), Duration.ofSeconds(60))));
        dashboard = new Dashboard(s, writer, Clock.systemUTC());
        dashboard.startStats();
        run((server, client) -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
            while (System.nanoTime() < end) {
                assertThat(client.get("/api/stats?window=10m").code()).isEqualTo(200);
            }
        });
        // t=0, 1 s, 2 s: three fetches of the 10m view (a fourth may be on its way), one of the 1h view
        assertThat(stats.requests("10m")).isBetween(3, 4);
        assertThat(stats.requests("1h")).isEqualTo(1);
    }

    @Test
    void aStatsServiceOutageShowsAsStaleDataWithTheReasonNotAsAnError() {
        refreshViews();
        stats.failWith(503);
        refreshViews();
        run((server, client) -> {
            Response r = client.get("/api/stats?window=10m");
            assertThat(r.code()).isEqualTo(200);
            JsonNode view = json(r);
            assertThat(view.get("stale").asBoolean()).isTrue();
            assertThat(view.get("error").asText()).isEqualTo("the stats service answered HTTP 503");
            assertThat(view.get("report").get("sites")).hasSize(2); // the last good data is kept
            assertThat(view.get("updatedAt").isNull()).isFalse();
            JsonNode health = json(client.get("/health"));
            assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        });
        stats.close(); // connection refused
        dashboard.views().refresh(dashboard.views().shortest());
        assertThat(dashboard.views().get(Duration.ofMinutes(10)).orElseThrow().error())
                .isEqualTo("the stats service is unreachable (connection refused)");
    }

    @Test
    void statsRejectsBadOrUnknownWindowsNamingTheParameter() {
        run((server, client) -> {
            Response bad = client.get("/api/stats?window=soon");
            assertThat(bad.code()).isEqualTo(400);
            JsonNode e = json(bad);
            assertThat(e.get("field").asText()).isEqualTo("window");
            assertThat(e.get("message").asText()).isEqualTo(
                    "window: must be a duration like 500ms, 10s, 2m, 1h or PT10S, was \"soon\"");
            Response unknown = client.get("/api/stats?window=5m");
            assertThat(unknown.code()).isEqualTo(400);
            assertThat(json(unknown).get("message").asText())
                    .isEqualTo("window: no view of 5m; the configured views are 10m, 1h");
        });
    }

    @Test
    void statsHistoryGivesChartPointsOfTheShortestView() {
        refreshViews();
        run((server, client) -> {
            JsonNode h = json(client.get("/api/stats/history"));
            assertThat(h.get("example")).hasSize(1);
            assertThat(h.get("example").get(0).get("avg").asDouble()).isEqualTo(120.0);
            assertThat(h.get("example").get(0).get("p95").asDouble()).isEqualTo(300.0);
        });
    }

    @Test
    void chartsAreBackFilledOnceFromTheStatsServiceSeries() {
        Instant now = Instant.now();
        stats.serveSeries(site -> List.of(
                Map.of("time", now.minusSeconds(120).toString(), "stats", site(site, 1.0, 90.0, 100.0, 95.0)),
                Map.of("time", now.minusSeconds(60).toString(), "stats", site(site, 1.0, 91.0, 100.0, 96.0))));
        refreshViews();
        await().atMost(Duration.ofSeconds(5)).until(() -> dashboard.chartPoints().all().getOrDefault("api", List.of()).size() == 3);
        run((server, client) -> {
            JsonNode h = json(client.get("/api/stats/history"));
            assertThat(h.get("example").get(0).get("avg").asDouble()).isEqualTo(90.0);
            assertThat(h.get("example").get(2).get("avg").asDouble()).isEqualTo(120.0); // the live point stays last
        });
        dashboard.views().refresh(dashboard.views().shortest());
        assertThat(stats.requests()).isLessThan(12); // 2 views × 2 fetches + 2 series, never again
    }

    // ---- GET /api/alerts -------------------------------------------------------------------------------------

    @Test
    void alertsAreNewestFirstLimitedAndDeduplicated() {
        dashboard.alerts().accept(down("a", T0));
        dashboard.alerts().accept(down("b", T0.plusSeconds(30)));
        dashboard.alerts().accept(recovered("a", T0.plusSeconds(60)));
        dashboard.alerts().accept(down("b", T0.plusSeconds(30))); // a replayed record
        run((server, client) -> {
            JsonNode all = json(client.get("/api/alerts"));
            assertThat(all).hasSize(3);
            assertThat(all.get(0).get("type").asText()).isEqualTo("RECOVERED");
            assertThat(all.get(2).get("site").asText()).isEqualTo("a");
            assertThat(all.get(0).get("message").asText())
                    .isEqualTo("Website a recovered. availability=90%, time=2026-11-22T05:01:00Z, down for 1m");
            assertThat(json(client.get("/api/alerts?limit=1"))).hasSize(1);
            assertThat(json(client.get("/api/alerts?site=b"))).hasSize(1);
        });
        assertThat(dashboard.metrics().alertsConsumedCount()).isEqualTo(3.0);
    }

    @Test
    void alertsRejectBadLimitsNamingTheParameter() {
        run((server, client) -> {
            for (String q : List.of("0", "-3", "ten", "10000001")) {
                Response r = client.get("/api/alerts?limit=" + q);
                assertThat(r.code()).as(q).isEqualTo(400);
                JsonNode e = json(r);
                assertThat(e.get("field").asText()).isEqualTo("limit");
                assertThat(e.get("message").asText()).startsWith("limit: must be");
            }
        });
    }

    // ---- GET /api/events (SSE) -------------------------------------------------------------------------------

    @Test
    void eventsSendTheCurrentViewsAndRecentAlertsOnConnectThenEachNewAlert() throws Exception {
        refreshViews();
        dashboard.alerts().accept(down("example", T0));
        run((server, client) -> {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                    URI.create(client.getOrigin() + "/api/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
            Thread reader = readEvents(stream.body(), events);
            try {
                // the past alerts come first, so a client that draws each view as it arrives (the plain console)
                // already knows which sites are down when it draws the first table
                String[] first = events.poll(5, TimeUnit.SECONDS);
                String[] second = events.poll(5, TimeUnit.SECONDS);
                String[] third = events.poll(5, TimeUnit.SECONDS);
                assertThat(first[0]).isEqualTo("alert");
                assertThat(Json.mapper().readTree(first[1]).get("site").asText()).isEqualTo("example");
                assertThat(second[0]).isEqualTo("stats");
                assertThat(Json.mapper().readTree(second[1]).get("window").asText()).isEqualTo("10m");
                assertThat(third[0]).isEqualTo("stats");
                await().atMost(Duration.ofSeconds(2)).until(() -> dashboard.hub().clients() == 1);

                dashboard.alerts().accept(recovered("example", T0.plusSeconds(90)));
                String[] live = events.poll(2, TimeUnit.SECONDS);
                assertThat(live).isNotNull();
                assertThat(live[0]).isEqualTo("alert");
                assertThat(Json.mapper().readTree(live[1]).get("type").asText()).isEqualTo("RECOVERED");

                dashboard.views().refresh(dashboard.views().shortest());
                String[] pushed = events.poll(2, TimeUnit.SECONDS);
                assertThat(pushed[0]).isEqualTo("stats");
            } finally {
                dashboard.hub().close(); // while the server runs, as DashboardServer does
                reader.interrupt();
            }
        });
    }

    /**
     * The sites list (what {@code /api/sites} answers) is in the snapshot once the topics are read, and pushed again
     * when it changes: a removed target leaves it, a new alert changes a status. Nothing before the topics are read.
     */
    @Test
    void eventsCarryTheSitesListOnceTheTopicsAreReadAndAgainWhenItChanges() throws Exception {
        refreshViews();
        dashboard.directory().apply("example", Target.of("example", "https://example.com", Duration.ofSeconds(10)));
        dashboard.directory().apply("api", Target.of("api", "https://api.example.com", Duration.ofSeconds(10)));
        run((server, client) -> {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/events"))
                    .header("Accept", "text/event-stream").build();

            HttpResponse<InputStream> early = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            BlockingQueue<String[]> before = new LinkedBlockingQueue<>();
            Thread r1 = readEvents(early.body(), before);
            assertThat(before.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("stats");
            assertThat(before.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("stats");
            dashboard.siteEvents().check();
            assertThat(before.poll(1500, TimeUnit.MILLISECONDS)).as("no sites list before the topics are read").isNull();
            early.body().close();
            r1.interrupt();

            dashboard.topicsLoaded(() -> true);
            dashboard.siteEvents().check(); // as its timer does: the list it has sent so far
            HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
            Thread reader = readEvents(stream.body(), events);
            try {
                String[] first = events.poll(5, TimeUnit.SECONDS);
                assertThat(first[0]).isEqualTo("sites");
                JsonNode sites = Json.mapper().readTree(first[1]);
                assertThat(sites.findValuesAsText("id")).containsExactly("api", "example");
                assertThat(sites.get(1).get("status").asText()).isEqualTo("UP"); // checks in the shortest view
                assertThat(events.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("stats");
                assertThat(events.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("stats");

                dashboard.directory().apply("api", null);
                dashboard.alerts().accept(down("example", Instant.now()));
                assertThat(events.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("alert");
                dashboard.siteEvents().check();
                String[] changed = events.poll(5, TimeUnit.SECONDS);
                assertThat(changed[0]).isEqualTo("sites");
                JsonNode after = Json.mapper().readTree(changed[1]);
                assertThat(after.findValuesAsText("id")).containsExactly("example");
                assertThat(after.get(0).get("status").asText()).isEqualTo("DOWN");

                dashboard.siteEvents().check();
                assertThat(events.poll(1500, TimeUnit.MILLISECONDS)).as("nothing changed, nothing sent").isNull();
            } finally {
                dashboard.hub().close();
                reader.interrupt();
            }
        });
    }

    /**
     * {@code curl -N /api/events} sends {@code Accept: *}{@code /*}, and some clients send no Accept at all: both accept
     * an event stream, so both get it (Javalin's own SSE handler answered them an empty 200 text/plain).
     */
    @Test
    void eventsAreStreamedToClientsThatAcceptAnythingLikeCurl() throws Exception {
        refreshViews();
        run((server, client) -> {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String accept : new String[] {"*/*", "text/*", "text/event-stream;q=0.9, */*;q=0.1", null}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getOrigin() + "/api/events"));
                if (accept != null) {
                    request.header("Accept", accept);
                }
                HttpResponse<InputStream> stream = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
                Thread reader = readEvents(stream.body(), events);
                try {
                    assertThat(stream.statusCode()).as(accept).isEqualTo(200);
                    assertThat(stream.headers().firstValue("Content-Type").orElse("")).as(accept)
                            .startsWith("text/event-stream");
                    String[] first = events.poll(5, TimeUnit.SECONDS);
                    assertThat(first).as("first event for Accept: " + accept).isNotNull();
                    assertThat(first[0]).isEqualTo("stats");
                } finally {
                    stream.body().close();
                    reader.interrupt();
                }
            }
            dashboard.hub().close();
        });
    }

    @Test
    void eventsRefuseAClientThatAcceptsNoEventStreamWithAJson406NamingAccept() {
        run((server, client) -> {
            Response r = client.get("/api/events", b -> b.header("Accept", "application/json"));
            assertThat(r.code()).isEqualTo(406);
            assertThat(r.headers().get("Content-Type").get(0)).startsWith("application/json");
            JsonNode body = json(r);
            assertThat(body.get("field").asText()).isEqualTo("Accept");
            assertThat(body.get("message").asText()).isEqualTo("Accept: /api/events is a Server-Sent Events stream; "
                    + "send Accept: text/event-stream (curl -N -H 'Accept: text/event-stream' …), was \"application/json\"");
        });
    }

    /** Parses "event:"/"data:" lines into [name, data] pairs. */
    static Thread readEvents(InputStream in, BlockingQueue<String[]> out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        out.add(new String[] {name, data.toString()});
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                // stream closed
            }
        }, "test-sse-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- POST/PUT/DELETE /api/targets ------------------------------------------------------------------------

    static final String WEBSITE = "{\"name\": \"shop\", \"url\": \"https://shop.example.com\", \"interval\": \"30s\"}";

    @Test
    void targetChangesAreRefusedWithoutTheBearerToken() {
        run((server, client) -> {
            Response none = client.post("/api/targets", WEBSITE);
            assertThat(none.code()).isEqualTo(401);
            assertThat(none.headers().get("WWW-Authenticate").get(0)).startsWith("Bearer");
            assertThat(json(none).get("message").asText()).startsWith("Authorization: a bearer token is required");
            Response wrong = client.post("/api/targets", WEBSITE, b -> b.header("Authorization", "Bearer nope"));
            assertThat(wrong.code()).isEqualTo(401);
            assertThat(wrong.body().string()).doesNotContain(TOKEN);
            Response basic = client.put("/api/targets/shop", WEBSITE, b -> b.header("Authorization", "Basic " + TOKEN));
            assertThat(basic.code()).isEqualTo(401);
            assertThat(client.delete("/api/targets/shop").code()).isEqualTo(401);
        });
        assertThat(writer.puts).isEmpty();
        assertThat(writer.removals).isEmpty();
    }

    @Test
    void targetChangesAreDisabledWhenNoTokenIsConfigured() {
        dashboard.close();
        dashboard = dashboard(null);
        run((server, client) -> {
            Response r = client.post("/api/targets", WEBSITE, b -> b.header("Authorization", "Bearer anything"));
            assertThat(r.code()).isEqualTo(403);
            assertThat(json(r).get("message").asText()).startsWith("target changes are disabled");
        });
        assertThat(writer.puts).isEmpty();
    }

    @Test
    void aTargetIsCreatedReplacedAndRemovedWithTheToken() {
        run((server, client) -> {
            Response created = client.post("/api/targets", WEBSITE, this::auth);
            assertThat(created.code()).isEqualTo(201);
            assertThat(created.headers().get("Location").get(0)).isEqualTo("/api/targets/shop");
            assertThat(json(created).get("interval").asText()).isEqualTo("30s");
            assertThat(writer.puts).extracting(Target::id).containsExactly("shop");
            assertThat(writer.puts.get(0).timeout()).isEqualTo(Duration.ofSeconds(5));

            Response again = client.post("/api/targets", WEBSITE, this::auth);
            assertThat(again.code()).isEqualTo(409);
            assertThat(json(again).get("field").asText()).isEqualTo("name");

            Response replaced = client.put("/api/targets/shop", "{\"url\": \"https://shop.example.com/health\"}", this::auth);
            assertThat(replaced.code()).isEqualTo(200);
            assertThat(writer.puts.get(1).url()).isEqualTo("https://shop.example.com/health");
            assertThat(json(client.get("/api/sites")).get(0).get("url").asText())
                    .isEqualTo("https://shop.example.com/health");

            Response removed = client.delete("/api/targets/shop", null, this::auth);
            assertThat(removed.code()).isEqualTo(200);
            assertThat(json(removed).get("removed").asText()).isEqualTo("shop");
            assertThat(writer.removals).containsExactly("shop");
            assertThat(client.delete("/api/targets/shop", null, this::auth).code()).isEqualTo(404);
        });
    }

    @Test
    void anInvalidTargetIsA400NamingTheFieldsLikeTheConfigFile() {
        run((server, client) -> {
            Response r = client.post("/api/targets",
                    "{\"name\": \"shop\", \"url\": \"ftp://shop\", \"interval\": \"0s\", \"colour\": \"red\"}", this::auth);
            assertThat(r.code()).isEqualTo(400);
            JsonNode e = json(r);
            assertThat(e.get("errors")).hasSizeGreaterThanOrEqualTo(3);
            List<String> errors = Json.mapper().convertValue(e.get("errors"),
                    Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(errors).anyMatch(s -> s.startsWith("url: must start with http:// or https://"));
            assertThat(errors).anyMatch(s -> s.startsWith("interval: "));
            assertThat(errors).anyMatch(s -> s.startsWith("colour"));
            assertThat(e.get("field").asText()).isNotBlank();

            Response notJson = client.post("/api/targets", "{nope", this::auth);
            assertThat(notJson.code()).isEqualTo(400);
            assertThat(json(notJson).get("field").asText()).isEqualTo("body");

            Response mismatch = client.put("/api/targets/other", WEBSITE, this::auth);
            assertThat(mismatch.code()).isEqualTo(400);
            assertThat(json(mismatch).get("field").asText()).isEqualTo("name");
        });
        assertThat(writer.puts).isEmpty();
    }

    @Test
    void anUnavailableTargetsTopicIsA503AndChangesNothing() {
        writer.unavailable = true;
        run((server, client) -> {
            Response r = client.post("/api/targets", WEBSITE, this::auth);
            assertThat(r.code()).isEqualTo(503);
            assertThat(json(r).get("message").asText()).contains("nothing was changed");
            assertThat(json(client.get("/api/sites"))).isEmpty();
        });
    }

    private void auth(io.javalin.testtools.Request.Builder b) {
        b.header("Authorization", "Bearer " + TOKEN);
    }

    // ---- /health, /metrics, 404, CORS ------------------------------------------------------------------------

    @Test
    void healthReportsEveryViewAndTheBroker() {
        refreshViews();
        run((server, client) -> {
            Response r = client.get("/health");
            assertThat(r.code()).isEqualTo(200);
            JsonNode h = json(r);
            assertThat(h.get("status").asText()).isEqualTo("DEGRADED"); // no broker in this test
            assertThat(h.get("kafka").asText()).isEqualTo("not connected");
            assertThat(h.get("stats")).hasSize(2);
            assertThat(h.get("stats").get(0).get("stale").asBoolean()).isFalse();
        });
    }

    @Test
    void liveAndReadyAreSeparateAndCarryTheBuild() {
        run((server, client) -> {
            Response live = client.get("/health/live");
            assertThat(live.code()).isEqualTo(200);
            JsonNode l = json(live);
            assertThat(l.get("status").asText()).isEqualTo("UP");
            assertThat(l.get("commit").asText()).matches("[0-9a-f]{7,40}");
            Response ready = client.get("/health/ready");
            assertThat(ready.code()).as("no broker in this test").isEqualTo(503);
            assertThat(json(ready).get("kafka").asText()).isEqualTo("not connected");
            assertThat(json(client.get("/health")).get("version").asText()).isNotBlank();
        });
        dashboard.kafkaConnected(() -> true);
        run((server, client) -> assertThat(client.get("/health/ready").code()).isEqualTo(200));
    }

    @Test
    void metricsArePrometheusTextWithRedSseAlertAndStatsFetchMeters() {
        refreshViews();
        stats.failWith(500);
        dashboard.views().refresh(dashboard.views().shortest());
        dashboard.alerts().accept(down("a", T0));
        run((server, client) -> {
            client.get("/api/sites");
            client.get("/nope");
            Response r = client.get("/metrics");
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.headers().get("Content-Type").get(0)).startsWith("text/plain");
            assertThat(r.body().string())
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/api/sites\",status=\"200\"} 1")
                    .contains("route=\"NOT_FOUND\"")
                    .contains("sitewatch_dashboard_sse_clients ")
                    .contains("sitewatch_dashboard_alerts_consumed_total 1.0")
                    .contains("sitewatch_dashboard_stats_fetch_errors_total{reason=\"status_500\",window=\"10m\"} 1.0");
        });
    }

    @Test
    void unknownRoutesAreJson404s() {
        run((server, client) -> {
            for (String path : List.of("/nope", "/api/nope", "/api/targets/shop/extra")) {
                Response r = client.get(path);
                assertThat(r.code()).as(path).isEqualTo(404);
                assertThat(r.headers().get("Content-Type").get(0)).as(path).startsWith("application/json");
                assertThat(json(r).get("status").asInt()).isEqualTo(404);
            }
            Response posted = client.post("/nope", "{}", this::auth);
            assertThat(posted.code()).isEqualTo(404);
        });
    }

    @Test
    void aWrongMethodOnAKnownRouteIsA405NamingTheAllowedOnes() {
        run((server, client) -> {
            Response post = client.post("/api/stats", "{}", this::auth);
            assertThat(post.code()).isEqualTo(405);
            assertThat(post.headers().get("Allow")).containsExactly("GET");
            JsonNode body = json(post);
            assertThat(body.get("status").asInt()).isEqualTo(405);
            assertThat(body.get("message").asText())
                    .isEqualTo("method not allowed: POST /api/stats; this resource takes GET");

            Response get = client.get("/api/targets");
            assertThat(get.code()).as("the collection is write-only; GET /api/sites lists").isEqualTo(405);
            assertThat(get.headers().get("Allow")).containsExactly("POST");

            Response put = client.put("/api/targets", "{}", this::auth);
            assertThat(put.code()).isEqualTo(405);
            assertThat(writer.puts).as("nothing written").isEmpty();
            assertThat(client.get("/metrics").body().string())
                    .contains("route=\"METHOD_NOT_ALLOWED\",status=\"405\"")
                    .doesNotContain("route=\"static\",status=\"405\"");
        });
    }

    @Test
    void noCorsHeadersUnlessAnOriginIsConfigured() {
        run((server, client) -> {
            Response r = client.get("/api/alerts", b -> b.header("Origin", "https://evil.example"));
            assertThat(r.headers().get("Access-Control-Allow-Origin")).isNullOrEmpty();
        });
        dashboard.close();
        DashboardSettings s = DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url())
                .withCorsOrigins(List.of("https://status.example.com"));
        dashboard = new Dashboard(s, writer, Clock.systemUTC());
        run((server, client) -> {
            Response ok = client.get("/api/alerts", b -> b.header("Origin", "https://status.example.com"));
            assertThat(ok.headers().get("Access-Control-Allow-Origin")).containsExactly("https://status.example.com");
            Response other = client.get("/api/alerts", b -> b.header("Origin", "https://evil.example"));
            assertThat(other.headers().get("Access-Control-Allow-Origin")).isNullOrEmpty();
        });
    }
}
