package io.sitewatch.stats.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.stats.StatsService;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.stats.store.influx.InfluxSettings;
import io.sitewatch.stats.store.influx.InfluxdFixture;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * influxd stops for 30 s in the middle of a stream: ingest pauses, commits nothing, /health is degraded; when
 * influxd is back every measurement is in it exactly once. Skipped, visibly, when influxd is not installed.
 */
class InfluxOutageIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static InfluxdFixture influxd;

    @BeforeAll
    static void startInfluxd() {
        Assumptions.assumeTrue(InfluxdFixture.installed(),
                "influxd is not installed (apt-get install influxdb): outage test skipped");
        influxd = InfluxdFixture.launch();
    }

    @AfterAll
    static void stopInfluxd() {
        if (influxd != null) {
            influxd.close();
        }
    }

    @Test
    void nothingIsLostWhileInfluxdIsDownForThirtySeconds() throws Exception {
        Topics topics = new Topics("outage");
        topics.ensureCreated(kafka.admin(), 12, (short) 1);
        Streams.awaitLeaders(kafka.admin(), topics, 12);
        StatsService.Config config = new StatsService.Config(KafkaSettings.of(kafka.bootstrapServers()), topics,
                StoreSettings.influx(InfluxSettings.of(influxd.url(), "sitewatch", "outage/autogen", "")),
                "127.0.0.1", 0, 500, "outage-stats");
        Instant base = Instant.now().minus(Duration.ofMinutes(5));
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        HttpClient http = HttpClient.newHttpClient();
        try (StatsService service = StatsService.start(config);
             Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
            Thread stream = new Thread(() -> {
                int tick = 0;
                while (producing.get()) {
                    List<Measurement> batch = new ArrayList<>();
                    for (int s = 0; s < 20; s++) {
                        Instant t = base.plusMillis(tick * 10L);
                        batch.add(new Measurement("m-" + s + "-" + tick, "site-" + s, "https://s" + s + ".example/", "p1",
                                "eu", t, tick % 7 != 0, 200, 10.0 + tick % 13, 4.0, null, null, null, 100L, null));
                    }
                    Streams.send(producer, topics, batch);
                    produced.addAndGet(batch.size());
                    tick++;
                    sleep(100);
                }
            }, "producer");
            stream.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> total(service, base) > 0);
            sleep(3000);
            influxd.stop();
            Instant stoppedAt = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    service.ingest().state() == MeasurementIngest.State.PAUSED);
            HttpResponse<String> degraded = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(degraded.statusCode()).isEqualTo(503);
            assertThat(degraded.body()).contains("\"status\":\"degraded\"").contains("\"state\":\"paused\"");
            long committedWhenPaused = Streams.committed(kafka.admin(), "outage-stats");

            sleep(Math.max(0, 30_000 - Duration.between(stoppedAt, Instant.now()).toMillis()));
            assertThat(Streams.committed(kafka.admin(), "outage-stats")).as("nothing committed while influxd was down")
                    .isEqualTo(committedWhenPaused);
            influxd.start();
            sleep(3000);
            producing.set(false);
            stream.join(10_000);

            int expected = produced.get();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(total(service, base)).isEqualTo(expected));
            assertThat(service.ingest().state()).isEqualTo(MeasurementIngest.State.RUNNING);
            assertThat(service.metrics().get("sitewatch.stats.store.errors").counter().count()).isPositive();
        }
    }

    private static long total(StatsService service, Instant base) {
        try {
            return service.store().stats(base.minusSeconds(1), Instant.now().plusSeconds(60), null).stream()
                    .mapToLong(SiteStats::checks).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
