package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.sitewatch.dashboard.testdoubles.RecordingTargetWriter;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.model.Target;
import io.sitewatch.net.AddressPolicy;
import io.sitewatch.testing.LogCapture;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read token, the page's session cookie, the SSRF guard, body limits and secrets, on a real Javalin server. */
class DashboardSecurityTest {
    static final String API_TOKEN = "write-token-0123456789abcdef";
    static final String READ_TOKEN = "read-token-0123456789abcdef";

    StatsServiceTestDouble stats;
    RecordingTargetWriter writer;
    Dashboard dashboard;

    @BeforeEach
    void setUp() {
        stats = new StatsServiceTestDouble().serve(List.of());
        writer = new RecordingTargetWriter();
        dashboard = dashboard(READ_TOKEN, AddressPolicy.STRICT);
    }

    Dashboard dashboard(String readToken, AddressPolicy allow) {
        DashboardSettings s = DashboardSettings.of(KafkaSettings.of("127.0.0.1:9"), stats.url()).withApiToken(API_TOKEN)
                .withReadAccess(readToken, null, allow);
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

    // ---- the read token --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/sites", "/api/stats", "/api/stats/history", "/api/alerts", "/api/events"})
    void everyReadRouteNeedsTheReadTokenOrTheApiToken(String path) {
        run((server, client) -> {
            Response none = client.get(path);
            assertThat(none.code()).isEqualTo(401);
            assertThat(none.headers().get("WWW-Authenticate").get(0)).startsWith("Bearer");
            assertThat(json(none).get("message").asText()).startsWith("Authorization: reading needs the read token");
            assertThat(client.get(path, b -> b.header("Authorization", "Bearer " + READ_TOKEN + "x")).code())
                    .isEqualTo(401);
            if (!path.equals("/api/events")) {
                assertThat(client.get(path, b -> b.header("Authorization", "Bearer " + READ_TOKEN)).code())
                        .isEqualTo(200);
                assertThat(client.get(path, b -> b.header("Authorization", "Bearer " + API_TOKEN)).code())
                        .as("the write token grants read").isEqualTo(200);
            }
        });
    }

    @Test
    void thePageHealthAndMetricsStayOpen() {
        run((server, client) -> {
            for (String path : List.of("/", "/app.js", "/health", "/metrics", "/api/session")) {
                assertThat(client.get(path).code()).as(path).isEqualTo(200);
            }
        });
    }

    @Test
    void thePageLogsInOnceAndGetsAnHttpOnlyStrictCookieThatIsNotTheToken() {
        run((server, client) -> {
            JsonNode before = json(client.get("/api/session"));
            assertThat(before.get("required").asBoolean()).isTrue();
            assertThat(before.get("granted").asBoolean()).isFalse();

            assertThat(client.get("/api/sites", b -> b.header("Cookie", "sitewatch_session=" + "0".repeat(64))).code())
                    .as("a forged session").isEqualTo(401);
            assertThat(client.get("/api/sites", b -> b.header("Cookie", "sitewatch_session=" + READ_TOKEN)).code())
                    .as("the token is not the session").isEqualTo(401);

            Response wrong = client.post("/api/session", "", b -> b.header("Authorization", "Bearer nope-nope-nope-nope"));
            assertThat(wrong.code()).isEqualTo(401);
            assertThat(wrong.headers().get("Set-Cookie")).isNullOrEmpty();

            Response ok = client.post("/api/session", "", b -> b.header("Authorization", "Bearer " + READ_TOKEN));
            assertThat(ok.code()).isEqualTo(204);
            String setCookie = ok.headers().get("Set-Cookie").get(0);
            assertThat(setCookie).startsWith("sitewatch_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                    .doesNotContain(READ_TOKEN).doesNotContain(API_TOKEN);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            assertThat(client.get("/api/sites", b -> b.header("Cookie", cookie)).code()).isEqualTo(200);
            assertThat(json(client.get("/api/session", b -> b.header("Cookie", cookie))).get("granted").asBoolean()).isTrue();
            Response write = client.post("/api/targets", "{\"name\": \"x\", \"url\": \"https://x.example\"}",
                    b -> b.header("Cookie", cookie));
            assertThat(write.code()).as("the cookie grants read only").isEqualTo(401);
        });
        assertThat(writer.puts).isEmpty();
    }

    @Test
    void withoutAReadTokenReadsAreOpenAsBefore() {
        dashboard.close();
        dashboard = dashboard(null, AddressPolicy.STRICT);
        run((server, client) -> {
            assertThat(client.get("/api/sites").code()).isEqualTo(200);
            assertThat(json(client.get("/api/session")).get("required").asBoolean()).isFalse();
        });
    }

    // ---- every write route refuses without the write token -----------------------------------------------------

    @ParameterizedTest(name = "{0} {1} with \"{2}\" → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/targets      |                                       | 401 | Authorization: a bearer token is required
            POST   | /api/targets      | Bearer wrong-token-0123456789         | 401 | Authorization: the bearer token is not valid
            POST   | /api/targets      | Bearer read-token-0123456789abcdef    | 401 | Authorization: the bearer token is not valid
            POST   | /api/targets      | Basic write-token-0123456789abcdef    | 401 | Authorization: a bearer token is required
            PUT    | /api/targets/shop |                                       | 401 | Authorization: a bearer token is required
            PUT    | /api/targets/shop | Bearer read-token-0123456789abcdef    | 401 | Authorization: the bearer token is not valid
            DELETE | /api/targets/shop |                                       | 401 | Authorization: a bearer token is required
            DELETE | /api/targets/shop | Bearer read-token-0123456789abcdef    | 401 | Authorization: the bearer token is not valid
            POST   | /api/session      | Bearer wrong-token-0123456789         | 401 | Authorization: the bearer token is not the read token or the API token
            """)
    void everyWriteRouteRefusesWithoutTheRightToken(String method, String path, String authorization, int status,
                                                    String message) {
        dashboard.directory().apply("shop", Target.of("shop", "https://shop.example", java.time.Duration.ofSeconds(10)));
        String body = "{\"name\": \"shop\", \"url\": \"https://shop.example\"}";
        run((server, client) -> {
            java.util.function.Consumer<io.javalin.testtools.Request.Builder> auth = b -> {
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
            };
            Response r = switch (method) {
                case "POST" -> client.post(path, body, auth);
                case "PUT" -> client.put(path, body, auth);
                default -> client.delete(path, null, auth);
            };
            assertThat(r.code()).isEqualTo(status);
            assertThat(json(r).get("message").asText()).startsWith(message);
        });
        assertThat(writer.puts).isEmpty();
        assertThat(writer.removals).isEmpty();
    }

    // ---- SSRF ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:8080/           | loopback
            http://localhost/                | loopback
            http://[::1]/                    | loopback
            http://10.1.2.3/                 | private
            http://192.168.0.10/admin        | private
            http://[fd00::5]/                | private
            http://169.254.10.1/             | link-local
            http://[fe80::1]/                | link-local
            http://100.100.1.1/              | CGNAT
            http://0.0.0.0/                  | unspecified
            http://224.0.0.5/                | multicast
            http://169.254.169.254/latest/   | metadata
            http://[fd00:ec2::254]/          | metadata
            http://metadata.google.internal/ | metadata
            http://[::ffff:10.0.0.1]/        | private
            """)
    void websitesOnNonPublicAddressesAreRefusedNamingTheUrlAndTheFix(String url, String category) {
        String website = "{\"name\": \"inner\", \"url\": \"" + url + "\"}";
        run((server, client) -> {
            for (Response r : List.of(client.post("/api/targets", website, this::auth),
                    client.put("/api/targets/inner", website, this::auth))) {
                assertThat(r.code()).isEqualTo(400);
                JsonNode e = json(r);
                assertThat(e.get("field").asText()).isEqualTo("url");
                assertThat(e.get("message").asText()).isEqualTo("url: the host resolves to a " + category
                        + " address, which websites added through the API may not use; list it in "
                        + "SITEWATCH_TARGETS_ALLOW (CIDRs or host names) to allow it, or add the website to the config file");
            }
        });
        assertThat(writer.puts).isEmpty();
    }

    @Test
    void theAllowListAdmitsNamedRangesAndHostsAndTheWrittenTargetIsGuardedAtTheProber() {
        dashboard.close();
        dashboard = dashboard(READ_TOKEN, AddressPolicy.parse("10.1.0.0/16,localhost"));
        run((server, client) -> {
            assertThat(client.post("/api/targets", "{\"name\": \"a\", \"url\": \"http://10.1.2.3/\"}", this::auth).code())
                    .isEqualTo(201);
            assertThat(client.post("/api/targets", "{\"name\": \"b\", \"url\": \"http://localhost:9000/\"}", this::auth)
                    .code()).isEqualTo(201);
            assertThat(client.post("/api/targets", "{\"name\": \"c\", \"url\": \"http://10.2.0.1/\"}", this::auth).code())
                    .isEqualTo(400);
            assertThat(client.post("/api/targets", "{\"name\": \"d\", \"url\": \"https://93.184.216.34/\"}", this::auth)
                    .code()).isEqualTo(201);
            assertThat(client.post("/api/targets", "{\"name\": \"e\", \"url\": \"https://x.example\", \"source\": null}",
                    this::auth).code()).as("the marker cannot be set by a client").isEqualTo(400);
        });
        assertThat(writer.puts).extracting(Target::id).containsExactly("a", "b", "d");
        assertThat(writer.puts).allMatch(Target::addressGuarded);
    }

    // ---- bodies ----------------------------------------------------------------------------------------------

    @Test
    void aBodyOverTheLimitIs413JsonAndMalformedJsonIs400Json() {
        String huge = "{\"name\": \"big\", \"url\": \"https://big.example\", \"x\": \"" + "a".repeat(70 * 1024) + "\"}";
        run((server, client) -> {
            Response big = client.post("/api/targets", huge, this::auth);
            assertThat(big.code()).isEqualTo(413);
            assertThat(big.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(json(big).get("message").asText()).isEqualTo(
                    "body: must be at most 64 KiB (65536 bytes); a website is a small JSON object");

            for (String bad : List.of("{nope", "[1, 2]", "\"text\"", "")) {
                Response r = client.post("/api/targets", bad, this::auth);
                assertThat(r.code()).as(bad).isEqualTo(400);
                assertThat(r.headers().get("Content-Type").get(0)).startsWith("application/json");
                assertThat(json(r).get("field").asText()).isEqualTo("body");
            }
        });
        assertThat(writer.puts).isEmpty();
    }

    // ---- bounds ----------------------------------------------------------------------------------------------

    @Test
    void aFullEventHubAnswers503JsonAndCountsTheRefusal() {
        dashboard.close();
        dashboard = dashboard(null, AddressPolicy.STRICT);
        for (int i = 0; i < dashboard.hub().maxClients(); i++) {
            dashboard.hub().connect(new io.sitewatch.dashboard.events.EventSink() {
                @Override
                public void send(String event, String data) {
                }

                @Override
                public void comment(String text) {
                }

                @Override
                public boolean closed() {
                    return false;
                }

                @Override
                public void close() {
                }
            }, List.of());
        }
        run((server, client) -> {
            Response r = client.get("/api/events");
            assertThat(r.code()).isEqualTo(503);
            assertThat(json(r).get("message").asText()).isEqualTo("events: the dashboard serves at most 10000 live "
                    + "clients at once; the page retries by itself");
            assertThat(client.get("/metrics").body().string()).contains("sitewatch_dashboard_sse_refused_total 1.0")
                    .contains("sitewatch_dashboard_alert_history_size ").contains("sitewatch_dashboard_alert_history_evicted_total ");
        });
    }

    // ---- secrets ---------------------------------------------------------------------------------------------

    @Test
    void headerValuesAndTokensNeverShowInApiOutputOrLogs() {
        String website = "{\"name\": \"shop\", \"url\": \"https://shop.example/health?key=q-secret-123\", \"headers\": "
                + "{\"Authorization\": \"Bearer ${SHOP_TOKEN}\", \"X-Api-Key\": \"literal-secret-456\"}}";
        try (LogCapture logs = new LogCapture()) {
            run((server, client) -> {
                Response created = client.post("/api/targets", website, this::auth);
                assertThat(created.code()).isEqualTo(201);
                String createdBody = created.body().string();
                Response replaced = client.put("/api/targets/shop", website, this::auth);
                String replacedBody = replaced.body().string();
                String sites = client.get("/api/sites", this::auth).body().string();
                client.post("/api/targets", "{\"name\": \"bad\", \"url\": \"ftp://x\", \"headers\": {\"K\": "
                        + "\"literal-secret-456\"}}", this::auth).body().string();
                for (String out : List.of(createdBody, replacedBody, sites)) {
                    assertThat(out).contains("shop").doesNotContain("literal-secret-456", "q-secret-123",
                            "${SHOP_TOKEN}", API_TOKEN, READ_TOKEN);
                }
            });
            assertThat(logs.text()).contains("event=target_created site=shop")
                    .doesNotContain("literal-secret-456", "q-secret-123", "SHOP_TOKEN", API_TOKEN, READ_TOKEN);
        }
        assertThat(writer.puts.get(0).headers()).containsEntry("X-Api-Key", "literal-secret-456")
                .containsEntry("Authorization", "Bearer ${SHOP_TOKEN}");
        assertThat(dashboard.settings().toString()).doesNotContain(API_TOKEN, READ_TOKEN);
    }

    private void auth(io.javalin.testtools.Request.Builder b) {
        b.header("Authorization", "Bearer " + API_TOKEN);
    }
}
