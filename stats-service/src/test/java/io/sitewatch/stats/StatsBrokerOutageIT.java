package io.sitewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.BrokerContactLog;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.stats.ingest.Streams;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The broker goes away under a running stats service. Ingest stays {@code running} (its polls just return nothing),
 * which was all {@code /health} asked: it said ok through the outage. Now it says degraded, while
 * {@code /health/ready} stays 200: the instance still answers queries about what it stored.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StatsBrokerOutageIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsDegradedWhileIngestHasNoConnectionToKafka() throws Exception {
        EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
        Logger contactLogger = (Logger) LoggerFactory.getLogger(BrokerContactLog.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        contactLogger.addAppender(logged);
        try (kafka) {
            kafka.start();
            Topics topics = new Topics("outage");
            topics.ensureCreated(kafka.admin(), 3, (short) 1);
            Streams.awaitLeaders(kafka.admin(), topics, 3);
            StatsService.Config config = new StatsService.Config(KafkaSettings.of(kafka.bootstrapServers()), topics,
                    StoreSettings.memory(Duration.ofHours(1)), "127.0.0.1", 0, 500, "unused");
            try (StatsService service = StatsService.start(config)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(service, "/health/ready");
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                    assertThat(Json.mapper().readTree(ready.body()).at("/ingest/kafka").asText()).isEqualTo("connected");
                });

                kafka.close();

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    HttpResponse<String> health = get(service, "/health");
                    JsonNode body = Json.mapper().readTree(health.body());
                    assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                    assertThat(body.get("status").asText()).isEqualTo("degraded");
                    assertThat(body.at("/ingest/kafka").asText()).isEqualTo("not connected");
                    assertThat(body.at("/store/status").asText()).as("the store itself is fine").isEqualTo("up");
                    HttpResponse<String> ready = get(service, "/health/ready");
                    assertThat(ready.statusCode()).as("it still answers queries about what it stored").isEqualTo(200);
                    assertThat(Json.mapper().readTree(ready.body()).at("/ingest/kafka").asText())
                            .isEqualTo("not connected");
                    assertThat(get(service, "/api/stats?window=10m").statusCode()).isEqualTo(200);
                });
                // and the log says so: it was silent through the whole outage, only /health knew
                await().atMost(BrokerContactLog.GRACE.plusSeconds(15)).untilAsserted(() -> {
                    java.util.List<String> lines;
                    synchronized (logged) { // the appender adds under its own lock
                        lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
                    }
                    assertThat(lines).anyMatch(m -> m.startsWith("event=kafka_contact_lost service=stats"));
                });
            }
        } finally {
            contactLogger.detachAppender(logged);
        }
    }

    private HttpResponse<String> get(StatsService service, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + service.httpPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
