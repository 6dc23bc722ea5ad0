package io.sitewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import io.sitewatch.stats.ingest.MeasurementIngest;
import io.sitewatch.stats.ingest.Streams;
import io.sitewatch.stats.store.Histories;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole service with the memory store on a real broker: every instance reads all partitions from the
 * retention horizon (offsetsForTimes), so history older than the retention is skipped, and the API answers.
 */
class StatsServiceIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void memoryStoreRebuildsFromTheRetentionHorizonAndServesTheApi() throws Exception {
        Topics topics = new Topics("rebuild");
        topics.ensureCreated(kafka.admin(), 12, (short) 1);
        Streams.awaitLeaders(kafka.admin(), topics, 12);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Measurement> old = Histories.random(1, 5, 1, now.minus(Duration.ofHours(3)), Duration.ofMinutes(10),
                Duration.ofSeconds(10));
        List<Measurement> recent = Histories.random(2, 10, 1, now.minus(Duration.ofMinutes(50)), Duration.ofMinutes(40),
                Duration.ofSeconds(10));
        try (Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
            List<Measurement> all = new ArrayList<>(old);
            all.addAll(recent);
            Streams.send(producer, topics, all);
        }
        StatsService.Config config = new StatsService.Config(KafkaSettings.of(kafka.bootstrapServers()), topics,
                StoreSettings.memory(Duration.ofHours(1)), "127.0.0.1", 0, 500, "unused");
        try (StatsService service = StatsService.start(config)) {
            InMemoryMeasurementStore store = (InMemoryMeasurementStore) service.store();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(service.ingest().state()).isEqualTo(MeasurementIngest.State.RUNNING);
                assertThat(store.written()).isEqualTo(recent.size());
            });
            assertThat(store.droppedOutOfRange()).as("nothing older than the horizon was even read").isZero();

            JsonNode report = get(service, "/api/stats?window=1h");
            assertThat(report.get("sites")).hasSize(10);
            long checks = 0;
            for (JsonNode s : report.get("sites")) {
                checks += s.get("checks").asLong();
            }
            assertThat(checks).isEqualTo(recent.size());

            String site = recent.get(0).site();
            JsonNode series = get(service, "/api/stats/series?site=" + site + "&window=1h&step=5m");
            assertThat(series.get("points")).hasSize(12);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri(service, "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"state\":\"running\"").contains("\"mode\":\"all_partitions\"");

            String metrics = http.send(HttpRequest.newBuilder(uri(service, "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sitewatch_stats_ingested_total " + recent.size() + ".0")
                    .contains("sitewatch_stats_batch_duration_seconds_count")
                    .contains("sitewatch_stats_store_sites 10.0")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total");
        }
    }

    /**
     * A restart when every partition holds records. The canary found this: with no partition left for
     * seekToEnd, the consumer was asked to seek to the end of an empty list, which Kafka reads as "every assigned
     * partition", and the rebuilt store silently started from the end of the topic.
     */
    @Test
    void aRestartRebuildsEverythingWhenEveryPartitionHoldsRecords() throws Exception {
        Topics topics = new Topics("restart");
        topics.ensureCreated(kafka.admin(), 3, (short) 1);
        Streams.awaitLeaders(kafka.admin(), topics, 3);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Measurement> history = Histories.random(3, 30, 1, now.minus(Duration.ofMinutes(20)), Duration.ofMinutes(10),
                Duration.ofSeconds(10));
        try (Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
            Streams.send(producer, topics, history);
        }
        var ends = kafka.admin().listOffsets(java.util.Map.of(
                new org.apache.kafka.common.TopicPartition(topics.measurements().name(), 0), OffsetSpec.latest(),
                new org.apache.kafka.common.TopicPartition(topics.measurements().name(), 1), OffsetSpec.latest(),
                new org.apache.kafka.common.TopicPartition(topics.measurements().name(), 2), OffsetSpec.latest()))
                .all().get();
        assertThat(ends.values()).as("every partition holds records").allSatisfy(e -> assertThat(e.offset()).isPositive());
        StatsService.Config config = new StatsService.Config(KafkaSettings.of(kafka.bootstrapServers()), topics,
                StoreSettings.memory(Duration.ofHours(1)), "127.0.0.1", 0, 500, "unused");
        for (int start = 1; start <= 2; start++) {
            try (StatsService service = StatsService.start(config)) {
                InMemoryMeasurementStore store = (InMemoryMeasurementStore) service.store();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(service.ingest().state()).isEqualTo(MeasurementIngest.State.RUNNING);
                    assertThat(store.written()).isEqualTo(history.size());
                });
            }
        }
    }

    private JsonNode get(StatsService service, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(service, path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static URI uri(StatsService service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }
}
