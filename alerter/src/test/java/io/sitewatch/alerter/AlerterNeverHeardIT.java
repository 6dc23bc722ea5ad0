package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, measurements keyed by site over 3 partitions with the producer's default partitioner, as the
 * probers send them: the one registered site that never sends a measurement gets a NO_DATA, the sites checked every
 * second get none. The partition each task watches comes from the real topic, so a wrong hash would show here as
 * NO_DATA for healthy sites.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlerterNeverHeardIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path stateDir;

    @Test
    void aRegisteredSiteNeverMeasuredGetsNoDataAndTheMeasuredOnesNone() throws Exception {
        Topics topics = new Topics("never");
        kafka.createTopic(topics.measurements().name(), 3);
        kafka.createCompactedTopic(topics.targets().name(), 2);
        kafka.createTopic(topics.alerts().name(), 3);
        kafka.createTopic(topics.measurementsDlq().name(), 1);
        List<String> heard = List.of("shop", "api", "blog", "docs", "status", "www");
        KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producer("it-never"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String site : heard) {
                producer.send(new ProducerRecord<>(topics.targets().name(), site,
                        Json.writeBytes(Target.of(site, "https://" + site + ".example.com/", Duration.ofSeconds(1)))));
            }
            producer.send(new ProducerRecord<>(topics.targets().name(), "mars",
                    Json.writeBytes(Target.of("mars", "https://mars.example.com/", Duration.ofSeconds(1)))));
            producer.flush();

            AlerterSettings alerting = AlerterSettings.defaults()
                    .withNoData(3, Duration.ofMillis(500))
                    .withStreams("never-alerter", stateDir, 1, Duration.ofMillis(100), 1024 * 1024);
            try (AlerterService alerter = new AlerterService(settings, topics, alerting, new SimpleMeterRegistry())
                    .start()) {
                assertThat(alerter.awaitRunning(Duration.ofSeconds(60))).isTrue();
                await().atMost(Duration.ofSeconds(20)).until(() -> alerter.measurementPartitions() == 3);
                // every site but mars checked every second (the sites cover all 3 partitions, mars's included)
                AtomicBoolean checking = new AtomicBoolean(true);
                Thread probers = new Thread(() -> {
                    for (int n = 0; checking.get(); n++) {
                        for (String site : heard) {
                            Measurement m = Checks.at(Instant.now()).site(site).of(site + "-" + n, 0, true);
                            producer.send(new ProducerRecord<>(topics.measurements().name(), null,
                                    m.time().toEpochMilli(), site, Json.writeBytes(m)));
                        }
                        producer.flush();
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "it-probers");
                probers.start();
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(topics).isEmpty());
                    Thread.sleep(8000); // three silences' worth more: still nothing for the sites checked
                    alerter.close();
                } finally {
                    checking.set(false);
                    probers.join(10_000);
                }
            }
        }
        List<Alert> alerts = alerts(topics);
        assertThat(alerts).extracting(Alert::type, Alert::site)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.NO_DATA, "mars"));
        assertThat(alerts.get(0).message()).endsWith("last measurement=never");
    }

    private static List<Alert> alerts(Topics topics) {
        return kafka.readAll(topics.alerts().name(), Duration.ofSeconds(2)).stream()
                .map(ConsumerRecord::value).map(v -> Json.read(v, Alert.class)).toList();
    }
}
