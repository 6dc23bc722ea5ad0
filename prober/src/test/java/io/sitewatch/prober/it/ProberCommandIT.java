package io.sitewatch.prober.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sitewatch.canary.sim.SimulatedSites;
import io.sitewatch.canary.sim.SiteBehavior;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.prober.ProberCommandAccess;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import io.sitewatch.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prober command end to end: flags, topics created, a target checked, /health and /metrics, clean stop. */
@Timeout(120)
class ProberCommandIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void runsChecksServesHealthAndMetricsAndStopsCleanly() throws Exception {
        int port = FreePorts.loopback();
        ProberCommandAccess command = new ProberCommandAccess();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.execute(
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "it-cmd", "--region", "eu",
                "--prober-id", "cmd-1", "--http-host", "127.0.0.1", "--http-port", Integer.toString(port),
                "--shutdown-grace", "5s"));
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers());
        Topics topics = new Topics("it-cmd");
        try (SimulatedSites sites = new SimulatedSites().start();
             MeasurementTap tap = new MeasurementTap(ks, topics, 12)) {
            sites.define("shop", SiteBehavior.ok());
            Instant start = Instant.now();
            // the prober created the topics (12 partitions by default); the registry can write right away
            new TargetRegistry(ks, topics, Duration.ofSeconds(30)).apply(List.of(
                    Target.of("shop", sites.url("shop").toString(), Duration.ofMillis(500)),
                    new Target("elsewhere", sites.url("shop").toString(), Duration.ofMillis(500), null, null, null,
                            null, true, 5, null, List.of("us"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> tap.since(start).size() >= 3);
            assertThat(tap.since(start)).allSatisfy(m -> {
                assertThat(m.site()).as("targets of other regions are not probed here").isEqualTo("shop");
                assertThat(m.prober()).isEqualTo("cmd-1");
                assertThat(m.region()).isEqualTo("eu");
                assertThat(m.up()).isTrue();
            });
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sitewatch_checks_total{", "result=\"up\"", "sitewatch_targets_assigned{",
                    "sitewatch_publish_buffer_size{", "sitewatch_publish_dropped_total{", "sitewatch_schedule_lag_seconds_bucket{",
                    "kafka_producer_", "kafka_consumer_");
            assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .startsWith("{\"status\":\"UP\",\"targets\":1,");
        }
        command.stop();
        assertThat(exit.get()).isZero();
    }
}
