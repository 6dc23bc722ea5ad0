package io.sitewatch.prober.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import io.sitewatch.prober.ProberMetrics;
import io.sitewatch.prober.schedule.CheckRunner;
import io.sitewatch.prober.schedule.ProberClock;
import io.sitewatch.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A header secret given as {@code ${ENV}} reaches the site, and nothing else: not the measurement (even when the
 * site echoes it back, redirects with it, or fails), not the log, not the metrics. A missing variable is named,
 * never valued.
 */
@Timeout(20)
class SecretsNeverLeakTest {
    static final String SECRET = "s3cr3t-header-value-42";
    static final String QUERY_SECRET = "q-secret-777";

    @Test
    void aResolvedHeaderSecretNeverShowsInMeasurementsLogsOrMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Measurement> published = new CopyOnWriteArrayList<>();
        HttpCheck check = new HttpCheck(HttpCheck.defaultClient().build(), 1024 * 1024,
                Map.of("API_TOKEN", SECRET)::get);
        CheckRunner runner = new CheckRunner(check, published::add, ProberClock.SYSTEM, Runnable::run,
                new ProberMetrics(registry), "p1", "eu");
        try (LoopbackServer server = new LoopbackServer(); LogCapture logs = new LogCapture()) {
            server.route("/echo", (req, s) -> LoopbackServer.respond(500, Map.of("X-Echo", req.get("authorization")),
                    ("you sent " + req.get("authorization")).getBytes(StandardCharsets.UTF_8), 0).handle(req, s));
            server.route("/redirect", LoopbackServer.redirect("/echo?key=" + QUERY_SECRET));
            server.route("/ok", LoopbackServer.status(200, "fine"));
            List<Target> targets = List.of(
                    target("echo", server.url("/echo?key=" + QUERY_SECRET), Map.of("Authorization", "Bearer ${API_TOKEN}")),
                    target("redirect", server.url("/redirect"), Map.of("Authorization", "Bearer ${API_TOKEN}")),
                    target("ok", server.url("/ok?key=" + QUERY_SECRET), Map.of("X-Key", "${API_TOKEN}")),
                    target("missing", server.url("/ok"), Map.of("X-Key", "${NOT_SET_ANYWHERE}")),
                    target("down", "http://127.0.0.1:1/?key=" + QUERY_SECRET, Map.of("X-Key", "${API_TOKEN}")));
            for (Target t : targets) {
                runner.run(t, ProberClock.SYSTEM.nanoTime());
            }
            assertThat(server.lastHeaders("/echo").get("authorization")).as("the site got the secret")
                    .isEqualTo("Bearer " + SECRET);
            assertThat(published).extracting(Measurement::site).containsExactly("echo", "redirect", "ok", "down");
            String measurements = Json.write(published);
            assertThat(measurements).doesNotContain(SECRET, QUERY_SECRET, "${API_TOKEN}");
            assertThat(logs.text()).contains("NOT_SET_ANYWHERE").doesNotContain(SECRET, QUERY_SECRET);
            assertThat(registry.scrape()).doesNotContain(SECRET, QUERY_SECRET);
        }
    }

    static Target target(String id, String url, Map<String, String> headers) {
        return new Target(id, url, Duration.ofSeconds(10), Duration.ofSeconds(3), null, headers, null, true, 5, null,
                null);
    }
}
