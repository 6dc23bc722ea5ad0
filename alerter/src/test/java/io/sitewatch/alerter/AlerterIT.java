package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerter ({@link AlerterService}: the same wiring as {@code main}) on a real single-node KRaft broker,
 * exactly-once. Each test uses its own topic prefix and application id. The whole alerts topic is read with
 * read_committed and compared with the hand-worked alerts of {@link ScriptedHistory}.
 */
class AlerterIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private final ScriptedHistory history =
            new ScriptedHistory(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)));

    @Test
    void aScriptedHistoryForSeveralSitesGivesExactlyTheExpectedAlerts() throws Exception {
        Topics topics = createTopics("it-once");
        produceTargets(topics, history.targets);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AlerterService alerter = start(topics, "it-once-alerter", registry)) {
            produce(topics, history.measurements, 40);
            awaitProcessed("it-once-alerter", topics.measurements().name());
            String metrics = registry.scrape();
            assertThat(metrics).contains("sitewatch_alerts_total{type=\"DOWN\"} 4.0")
                    .contains("sitewatch_alerts_total{type=\"RECOVERED\"} 2.0")
                    .contains("sitewatch_alerter_dlq_records_total 1.0")
                    .contains("sitewatch_alerter_duplicate_records_total 6.0")
                    .contains("kafka_stream_thread_process_total");
        }
        assertThat(readAlerts(topics)).isEqualTo(new TreeMap<>(history.expectedAlerts()));
        assertDeadLetteredOnce(topics);
    }

    @Test
    void stoppedMidwayWithoutCleanupAndRestartedStillExactlyTheExpectedAlerts() throws Exception {
        Topics topics = createTopics("it-restart");
        produceTargets(topics, history.targets);
        int half = history.measurements.size() / 2;
        List<Measurement> first = history.measurements.subList(0, half);
        List<Measurement> rest = history.measurements.subList(half, history.measurements.size());

        AlerterService alerter = start(topics, "it-restart-alerter");
        produce(topics, first, 40);
        awaitAnyAlert(topics);
        alerter.close(); // no cleanUp(): local state stays in stateDir
        produce(topics, rest, -1);

        try (AlerterService again = start(topics, "it-restart-alerter")) {
            awaitProcessed("it-restart-alerter", topics.measurements().name());
        }
        assertThat(readAlerts(topics)).isEqualTo(new TreeMap<>(history.expectedAlerts()));
        assertDeadLetteredOnce(topics);
    }

    private Topics createTopics(String prefix) {
        Topics topics = new Topics(prefix);
        kafka.createTopic(topics.measurements().name(), 4);
        kafka.createCompactedTopic(topics.targets().name(), 2);
        kafka.createTopic(topics.alerts().name(), 4);
        kafka.createTopic(topics.measurementsDlq().name(), 1);
        return topics;
    }

    private AlerterService start(Topics topics, String appId) throws InterruptedException {
        return start(topics, appId, new SimpleMeterRegistry());
    }

    private AlerterService start(Topics topics, String appId, MeterRegistry registry) throws InterruptedException {
        AlerterSettings settings = AlerterSettings.defaults()
                .withNoData(0, Duration.ofSeconds(5)) // wall-clock NO_DATA is covered by the TopologyTestDriver tests
                .withStreams(appId, stateDir, 1, Duration.ofMillis(100), 10L * 1024 * 1024);
        AlerterService service = new AlerterService(KafkaSettings.of(kafka.bootstrapServers()), topics, settings,
                registry).start();
        assertThat(service.awaitRunning(TIMEOUT)).as("alerter running").isTrue();
        return service;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = KafkaSettings.of(kafka.bootstrapServers()).producer("it-producer");
        return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    private void produceTargets(Topics topics, List<Target> targets) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Target t : targets) {
                producer.send(new ProducerRecord<>(topics.targets().name(), t.id(), Json.writeBytes(t)));
            }
        }
    }

    /** Produces in order, keyed by site, timestamped with the event time; the poison record after {@code poisonAt}. */
    private void produce(Topics topics, List<Measurement> ms, int poisonAt) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < ms.size(); i++) {
                Measurement m = ms.get(i);
                producer.send(new ProducerRecord<>(topics.measurements().name(), null, m.time().toEpochMilli(),
                        m.site(), Json.writeBytes(m)));
                if (i + 1 == poisonAt) {
                    producer.send(new ProducerRecord<>(topics.measurements().name(), "echo",
                            ScriptedHistory.POISON.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    /** Waits until the alerter's group has committed the end of every measurements partition. */
    private void awaitProcessed(String groupId, String topic) throws Exception {
        var admin = kafka.admin();
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            boolean done = partitions.stream().allMatch(tp -> committed.get(tp) != null
                    && committed.get(tp).offset() >= ends.get(tp).offset());
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alerter did not catch up: ends=" + ends + " committed=" + committed);
            }
            Thread.sleep(100);
        }
    }

    private void awaitAnyAlert(Topics topics) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (kafka.readAll(topics.alerts().name(), TIMEOUT).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no alert within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** The whole alerts topic, committed records only, per site in offset order. */
    private Map<String, List<Alert>> readAlerts(Topics topics) {
        Map<String, List<Alert>> bySite = new TreeMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(topics.alerts().name(), TIMEOUT)) {
            Alert a = Json.read(r.value(), Alert.class);
            assertThat(r.key()).isEqualTo(a.site());
            bySite.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(a);
        }
        return bySite;
    }

    private void assertDeadLetteredOnce(Topics topics) {
        List<ConsumerRecord<String, String>> dead = kafka.readAll(topics.measurementsDlq().name(), TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(ScriptedHistory.POISON);
        assertThat(dead.get(0).headers().lastHeader(DlqHeaders.ERROR_MESSAGE)).isNotNull();
    }
}
