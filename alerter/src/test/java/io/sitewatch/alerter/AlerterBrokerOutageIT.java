package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under a running alerter. Kafka Streams stays {@code RUNNING}, which was all {@code /health}
 * asked: it said UP, and {@code /health/ready} 200, through the outage.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlerterBrokerOutageIT {
    @TempDir
    Path stateDir;

    @Test
    void notHealthyWhileNoClientReachesTheBroker() throws Exception {
        EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
        try (kafka) {
            kafka.start();
            Topics topics = new Topics("outage");
            kafka.createTopic(topics.measurements().name(), 2);
            kafka.createCompactedTopic(topics.targets().name(), 1);
            kafka.createTopic(topics.alerts().name(), 2);
            kafka.createTopic(topics.measurementsDlq().name(), 1);
            AlerterSettings settings = AlerterSettings.defaults()
                    .withNoData(0, Duration.ofSeconds(5))
                    .withStreams("outage-alerter", stateDir, 1, Duration.ofMillis(100), 1024 * 1024);
            AlerterService alerter = new AlerterService(KafkaSettings.of(kafka.bootstrapServers()), topics, settings,
                    new SimpleMeterRegistry()).start();
            try {
                assertThat(alerter.awaitRunning(Duration.ofSeconds(60))).as("alerter running").isTrue();
                await().atMost(Duration.ofSeconds(10)).until(alerter::healthy);
                assertThat(alerter.healthDetails()).containsEntry("streams", "RUNNING").containsEntry("kafka", "connected");
                // in contact (a connection and fresh group heartbeats): the watch stops marking it cut off, so NO_DATA
                // counts silences again
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        System.currentTimeMillis() - alerter.outOfContactAt() > 3_000);

                long closedAt = System.currentTimeMillis();
                kafka.close();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(alerter.outOfContactAt()).as("cut off: silences from now on are not the sites'")
                                .isGreaterThanOrEqualTo(closedAt));

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(alerter.healthy()).isFalse();
                    assertThat(alerter.healthDetails()).containsEntry("kafka", "not connected");
                });
                assertThat(alerter.state()).as("why the state alone is not enough")
                        .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
            } finally {
                alerter.close();
            }
        }
    }
}
