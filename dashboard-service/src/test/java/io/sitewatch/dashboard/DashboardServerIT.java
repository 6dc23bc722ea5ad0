package io.sitewatch.dashboard;

import static io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.testdoubles.DashboardFixture;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real dashboard on an embedded broker: targets written through the API reach the topic; alerts flow in. */
class DashboardServerIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension();

    static DashboardFixture fixture(String prefix) {
        return new DashboardFixture(broker, prefix, SitewatchConfig.DEFAULT_VIEWS,
                new StatsServiceTestDouble().serve(List.of(site("example", 1.0, 80.0, 200.0, 150.0))));
    }

    @Test
    void aTargetCreatedThroughTheApiReachesTheTargetsTopicAndARemovedOneIsTombstoned() throws Exception {
        try (DashboardFixture f = fixture("it-targets").start()) {
            String website = "{\"name\": \"shop\", \"url\": \"https://shop.example.com\", \"interval\": \"30s\","
                    + " \"headers\": {\"Authorization\": \"${SHOP_TOKEN}\"}}";
            assertThat(f.send("POST", "/api/targets", website, null).statusCode()).isEqualTo(401);
            HttpResponse<String> created = f.send("POST", "/api/targets", website, DashboardFixture.TOKEN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            List<ConsumerRecord<String, String>> records = broker.readAll(f.topics.targets().name(), Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("shop");
            Target onTopic = Json.read(records.get(0).value(), Target.class);
            assertThat(onTopic.interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(onTopic.headers()).containsEntry("Authorization", "${SHOP_TOKEN}");
            assertThat(f.registry.current()).containsKey("shop");

            HttpResponse<String> removed = f.send("DELETE", "/api/targets/shop", null, DashboardFixture.TOKEN);
            assertThat(removed.statusCode()).isEqualTo(200);
            List<ConsumerRecord<String, String>> after = broker.readAll(f.topics.targets().name(), Duration.ofSeconds(20));
            assertThat(after).hasSize(2);
            assertThat(after.get(1).value()).isNull(); // the tombstone that stops probers
            assertThat(f.registry.current()).doesNotContainKey("shop");
        }
    }

    @Test
    void alertsAndTargetsOnTheTopicsReachTheApiAndTheEventStream() throws Exception {
        try (DashboardFixture f = fixture("it-flow")) {
            Instant t0 = Instant.parse("2026-11-22T05:00:00Z");
            f.target(Target.of("example", "https://example.com", Duration.ofSeconds(10)));
            f.produce(Alert.down("example", "https://example.com", 0.5, 0.8, Duration.ofMinutes(2), 12, t0));
            f.start();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode sites = Json.mapper().readTree(f.get("/api/sites").body());
                assertThat(sites).hasSize(1);
                assertThat(sites.get(0).get("status").asText()).isEqualTo("DOWN");
                assertThat(Json.mapper().readTree(f.get("/api/alerts").body())).hasSize(1); // read from the beginning
            });
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Json.mapper().readTree(f.get("/health").body()).get("kafka").asText().equals("connected"));

            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(f.url("/api/events"))).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
            DashboardAppTest.readEvents(stream.body(), events);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.server.dashboard().hub().clients() == 1);

            Alert recovered = Alert.recovered("example", "https://example.com", 0.95, 0.8, Duration.ofMinutes(2), 12,
                    t0.plusSeconds(300), t0);
            long sent = System.nanoTime();
            f.produce(recovered);
            String[] e;
            do {
                e = events.poll(5, TimeUnit.SECONDS);
                assertThat(e).as("the RECOVERED alert as an SSE event").isNotNull();
            } while (!(e[0].equals("alert") && e[1].contains(recovered.id())));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(Json.mapper().readTree(f.get("/api/sites").body()).get(0).get("status").asText()).isEqualTo("UP");
            assertThat(f.get("/metrics").body()).contains("sitewatch_dashboard_alerts_consumed_total 2.0");
        }
    }

    @Test
    void aStopEndsTheEventStreamsCleanlyAndReleasesThePort() throws Exception {
        DashboardFixture f = fixture("it-shutdown").start();
        int port = f.server.port();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.server.dashboard().kafkaConnected());
        assertThat(f.get("/health/ready").statusCode()).isEqualTo(200);
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(f.url("/api/events"))).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        await().atMost(Duration.ofSeconds(5)).until(() -> f.server.dashboard().hub().clients() == 1);
        java.util.concurrent.CompletableFuture<Integer> ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream.body()) {
                while (in.read() != -1) {
                    // drain until the server ends the stream
                }
                return 0;
            } catch (java.io.IOException e) {
                return 1;
            }
        });
        f.close();
        assertThat(ended.get(10, TimeUnit.SECONDS)).as("the stream ended with end-of-file, not an error").isZero();
        assertThat(f.server.dashboard().hub().clients()).isZero();
        try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).as("the port is free after stop").isEqualTo(port);
        }
    }
}
