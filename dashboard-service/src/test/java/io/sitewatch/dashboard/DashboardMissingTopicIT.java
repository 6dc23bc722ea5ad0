package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.dashboard.testdoubles.StatsServiceTestDouble;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A dashboard started with a topic prefix whose topics do not exist (a typo in {@code --topic-prefix}, or
 * {@code targets apply} not run yet). Its log said {@code topic_missing}, but {@code /health} and
 * {@code /health/ready} said {@code "kafka": "not connected"}, sending the operator after a network problem while
 * the broker was answering. Now they say connected, with an error naming the topics and the fix.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DashboardMissingTopicIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthNamesTheMissingTopicsRatherThanBlamingTheConnection() throws Exception {
        EmbeddedKafkaExtension broker = new EmbeddedKafkaExtension(java.util.Map.of("auto.create.topics.enable", "false"));
        try (broker) {
            broker.start();
            StatsServiceTestDouble stats = new StatsServiceTestDouble().serve(List.of());
            Topics topics = new Topics("it-typo");
            DashboardSettings settings = DashboardSettings.of(KafkaSettings.of(broker.bootstrapServers()), stats.url())
                    .withTopics(topics);
            try (DashboardServer server = new DashboardServer(settings).start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(server, "/health/ready");
                    assertThat(ready.statusCode()).as("not ready: nothing to show").isEqualTo(503);
                    JsonNode body = Json.mapper().readTree(ready.body());
                    assertThat(body.path("kafka").asText()).as(ready.body()).isEqualTo("connected");
                    assertThat(body.path("error").asText()).contains("it-typo.alerts", "it-typo.targets",
                            "do not exist yet", "--topic-prefix");
                    JsonNode health = Json.mapper().readTree(get(server, "/health").body());
                    assertThat(health.path("kafka").asText()).isEqualTo("connected");
                    assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
                    assertThat(health.path("error").asText()).contains("--topic-prefix");
                });

                topics.ensureCreated(broker.admin(), 3, (short) 1);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(server, "/health/ready");
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                    JsonNode body = Json.mapper().readTree(ready.body());
                    assertThat(body.path("kafka").asText()).isEqualTo("connected");
                    assertThat(body.has("error")).isFalse();
                });
            } finally {
                stats.close();
            }
        }
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
