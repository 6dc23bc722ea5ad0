package io.sitewatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.canary.sim.SiteBehavior;
import io.sitewatch.json.Json;
import io.sitewatch.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone as a user runs it: the {@code ./sitewatch} launcher, a config file, simulated sites. One site goes
 * down and comes back; then a restart on the same data dir keeps the alert history and the stats.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StandaloneIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    @Test
    void aSiteGoesDownAndComesBackAndARestartKeepsTheHistory() throws Exception {
        try (SimulatedSites sites = new SimulatedSites().start()) {
            Instant outageFrom = Instant.now().plusSeconds(35);
            sites.define("healthy", SiteBehavior.ok());
            sites.define("flaky", SiteBehavior.builder().outage(outageFrom, outageFrom.plusSeconds(12)).build());
            Path config = dir.resolve("config.json");
            Files.writeString(config, "{\"websites\": ["
                    + "{\"name\": \"healthy\", \"url\": \"" + sites.url("healthy") + "\"},"
                    + "{\"name\": \"flaky\", \"url\": \"" + sites.url("flaky") + "\"}],"
                    + " \"defaults\": {\"interval\": \"1s\", \"timeout\": \"500ms\"},"
                    + " \"alerting\": {\"threshold\": 0.8, \"window\": \"10s\"}}");
            int port = FreePorts.loopback();
            Path data = dir.resolve("data");
            String base = "http://127.0.0.1:" + port;

            long started = System.nanoTime();
            process = launch(config, data, port);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> status(base + "/health") == 200);
            System.out.printf("standalone ready in %.1f s%n", (System.nanoTime() - started) / 1e9);

            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> alertTypes(base, "flaky").size() >= 2);
            List<JsonNode> alerts = alerts(base);
            assertThat(alerts).extracting(a -> a.get("site").asText()).containsOnly("flaky");
            JsonNode recovered = alerts.get(0);
            JsonNode down = alerts.get(1);
            assertThat(down.get("type").asText()).isEqualTo("DOWN");
            assertThat(down.get("message").asText())
                    .matches("Website flaky is down\\. availability=\\d{1,2}(\\.\\d{1,2})?%, time=\\d{4}-.*Z");
            assertThat(recovered.get("type").asText()).isEqualTo("RECOVERED");
            assertThat(recovered.get("message").asText()).matches(
                    "Website flaky recovered\\. availability=\\d{2,3}(\\.\\d{1,2})?%, time=\\d{4}-.*Z, down for \\d+s");

            JsonNode stats = Json.mapper().readTree(get(base + "/api/stats?window=10m"));
            String statsText = stats.toString();
            assertThat(statsText).contains("\"site\":\"healthy\"", "\"site\":\"flaky\"");
            long checksBefore = checks(base, "healthy");
            assertThat(checksBefore).as("checks of the healthy site in the 10m view").isGreaterThan(20);

            // Restart on the same data dir: the alert history and the last hour's stats are still there.
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            process = launch(config, data, port);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> status(base + "/health") == 200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> alertTypes(base, "flaky").equals(List.of("RECOVERED", "DOWN")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> checks(base, "healthy") >= checksBefore);
        }
    }

    private Process launch(Path config, Path data, int port) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("sitewatch").toString(), "standalone",
                "--config", config.toString(), "--data-dir", data.toString(), "--port", Integer.toString(port),
                "--kafka-port", Integer.toString(FreePorts.loopback()),
                "--kafka-controller-port", Integer.toString(FreePorts.loopback()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("standalone.log").toFile()));
        pb.environment().remove("SITEWATCH_API_TOKEN");
        return pb.start();
    }

    private static List<JsonNode> alerts(String base) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JsonNode body = Json.mapper().readTree(get(base + "/api/alerts?limit=100"));
        JsonNode list = body.isArray() ? body : body.path("alerts");
        list.forEach(out::add);
        return out;
    }

    private static List<String> alertTypes(String base, String site) throws Exception {
        return alerts(base).stream().filter(a -> a.get("site").asText().equals(site))
                .map(a -> a.get("type").asText()).toList();
    }

    private static long checks(String base, String site) throws Exception {
        JsonNode stats = Json.mapper().readTree(get(base + "/api/stats?window=10m"));
        for (JsonNode s : stats.findValues("sites")) {
            for (JsonNode one : s) {
                if (one.get("site").asText().equals(site)) {
                    return one.get("checks").asLong();
                }
            }
        }
        return 0;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
