package io.sitewatch.stats.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.stats.store.Histories;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import io.sitewatch.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingest loop on a real broker: crash between write and commit, restart, every measurement exactly once. */
class MeasurementIngestIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    /** Writes through to a store, then "crashes" (throws) right after the n-th durable write, before the commit. */
    private static final class CrashAfterWrites implements MeasurementStore {
        private final MeasurementStore delegate;
        private final AtomicInteger left;

        CrashAfterWrites(MeasurementStore delegate, int writes) {
            this.delegate = delegate;
            this.left = new AtomicInteger(writes);
        }

        @Override
        public void write(List<Measurement> batch) {
            delegate.write(batch);
            if (left.decrementAndGet() == 0) {
                throw new IllegalStateException("simulated crash after a durable write");
            }
        }

        @Override
        public List<SiteStats> stats(Instant from, Instant to, String site) {
            return delegate.stats(from, to, site);
        }

        @Override
        public List<SeriesPoint> series(String site, Instant from, Instant to, Duration step) {
            return delegate.series(site, from, to, step);
        }

        @Override
        public void check() {
        }

        @Override
        public String kind() {
            return "crashing";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aCrashBetweenWriteAndCommitIsReplayedAndTheStoreHoldsEveryMeasurementOnce() throws Exception {
        Topics topics = new Topics("crash");
        topics.ensureCreated(kafka.admin(), 12, (short) 1);
        Streams.awaitLeaders(kafka.admin(), topics, 12);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(40));
        List<Measurement> points = Histories.random(42, 20, 1, start, Duration.ofMinutes(20), Duration.ofSeconds(10));
        try (Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
            Streams.send(producer, topics, points.subList(0, 1200));
            Streams.sendRaw(producer, topics, "bad", "{not json");
            Streams.sendRaw(producer, topics, "bad", "{\"site\":\"x\"}");
            Streams.sendRaw(producer, topics, "bad", null);
            Streams.send(producer, topics, points.subList(1200, points.size()));
        }
        InMemoryMeasurementStore store = new InMemoryMeasurementStore();
        MeasurementIngest.Settings base = MeasurementIngest.Settings.of(KafkaSettings.of(kafka.bootstrapServers()),
                topics, IngestMode.GROUP, Duration.ofHours(24)).withGroupId("crash-test");
        MeasurementIngest.Settings settings = new MeasurementIngest.Settings(base.kafka(), base.topics(), base.mode(),
                base.groupId(), "crash-test", 100, base.horizon(), Duration.ofMillis(50), Duration.ofMillis(500),
                base.partitionCheck());

        MeasurementIngest first = new MeasurementIngest(settings, new CrashAfterWrites(store, 3), new SimpleMeterRegistry(),
                Clock.systemUTC());
        assertThatThrownBy(first::run).hasMessageContaining("simulated crash");
        assertThat(first.state()).isEqualTo(MeasurementIngest.State.FAILED);
        long writtenBeforeRestart = store.written();
        assertThat(writtenBeforeRestart).isPositive().isLessThan(points.size());
        assertThat(Streams.committed(kafka.admin(), "crash-test")).as("the crashed batch is not committed")
                .isLessThanOrEqualTo(writtenBeforeRestart + 3);

        MeasurementIngest second = new MeasurementIngest(settings, store, new SimpleMeterRegistry(), Clock.systemUTC());
        Thread thread = new Thread(second, "ingest-after-restart");
        thread.start();
        long end = Streams.endOffsets(kafka.admin(), topics.measurements().name(), 12);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(store.written()).isEqualTo(points.size());
                assertThat(Streams.committed(kafka.admin(), "crash-test")).isEqualTo(end);
            });
        } finally {
            second.close();
            thread.join(30_000);
        }
        assertThat(store.duplicates()).as("the uncommitted batch was read again and absorbed").isPositive();
        long checks = store.stats(start.minusSeconds(60), start.plus(Duration.ofHours(1)), null).stream()
                .mapToLong(SiteStats::checks).sum();
        assertThat(checks).isEqualTo(points.size());

        List<ConsumerRecord<String, String>> dead = kafka.readAll(topics.measurementsDlq().name(), Duration.ofSeconds(10));
        Set<String> sources = dead.stream().map(r -> new String(r.headers().lastHeader(DlqHeaders.SOURCE_OFFSET).value(),
                StandardCharsets.UTF_8) + "@" + new String(r.headers().lastHeader(DlqHeaders.SOURCE_PARTITION).value(),
                StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(sources).hasSize(3);
        assertThat(dead).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("bad");
            assertThat(new String(r.headers().lastHeader(DlqHeaders.SERVICE).value(), StandardCharsets.UTF_8)).isEqualTo("stats");
            assertThat(new String(r.headers().lastHeader(DlqHeaders.ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                    .contains("on crash.measurements").doesNotContain("\n\tat ");
        });
    }

    /** Started before the topics exist (before `targets apply`, or with a wrong prefix): it says so, then starts. */
    @Test
    void aMissingTopicIsNamedInTheLogAndHealthUntilItExists() throws Exception {
        Topics topics = new Topics("late");
        InMemoryMeasurementStore store = new InMemoryMeasurementStore();
        MeasurementIngest ingest = new MeasurementIngest(MeasurementIngest.Settings.of(
                KafkaSettings.of(kafka.bootstrapServers()), topics, IngestMode.ALL_PARTITIONS, Duration.ofHours(24)),
                store, new SimpleMeterRegistry(), Clock.systemUTC());
        Thread thread = new Thread(ingest, "ingest-waiting");
        try (LogCapture logs = new LogCapture()) {
            thread.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(logs.text()).contains("topic does not exist yet; ingest waits for it topic=late.measurements "
                        + "fix=\"`sitewatch targets apply` creates the topics; check --topic-prefix\"");
                assertThat(ingest.describe()).containsEntry("state", "rebuilding").containsEntry("error",
                        "topic late.measurements does not exist yet; ingest starts when it does "
                                + "(`sitewatch targets apply` creates the topics; check --topic-prefix)");
            });

            topics.ensureCreated(kafka.admin(), 3, (short) 1);
            Streams.awaitLeaders(kafka.admin(), topics, 3);
            List<Measurement> points = Histories.random(5, 2, 1, Instant.now().minus(Duration.ofMinutes(5)),
                    Duration.ofMinutes(1), Duration.ofSeconds(10));
            try (Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
                Streams.send(producer, topics, points);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(store.written()).isEqualTo(points.size());
                assertThat(ingest.describe()).containsEntry("state", "running").doesNotContainKey("error");
            });
        } finally {
            ingest.close();
            thread.join(30_000);
        }
    }

    /** Each instance reads every partition without a group: partitions added to the topic later are read too. */
    @Test
    void partitionsAddedToTheTopicAreIngestedFromTheirBeginning() throws Exception {
        Topics topics = new Topics("grown");
        topics.ensureCreated(kafka.admin(), 2, (short) 1);
        Streams.awaitLeaders(kafka.admin(), topics, 2);
        InMemoryMeasurementStore store = new InMemoryMeasurementStore();
        MeasurementIngest ingest = new MeasurementIngest(MeasurementIngest.Settings.of(
                KafkaSettings.of(kafka.bootstrapServers()), topics, IngestMode.ALL_PARTITIONS, Duration.ofHours(24))
                .withPartitionCheck(Duration.ofSeconds(1)), store, new SimpleMeterRegistry(), Clock.systemUTC());
        Thread thread = new Thread(ingest, "ingest-grown");
        thread.start();
        try (Producer<byte[], byte[]> producer = Streams.producer(kafka.bootstrapServers())) {
            Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
            List<Measurement> before = Histories.random(11, 4, 1, start, Duration.ofMinutes(1), Duration.ofSeconds(10));
            Streams.send(producer, topics, before);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.written() == before.size());

            kafka.admin().createPartitions(Map.of(topics.measurements().name(),
                    NewPartitions.increaseTo(4))).all().get();
            Streams.awaitLeaders(kafka.admin(), topics, 4);
            List<Measurement> after = Histories.random(12, 4, 1, start.plus(Duration.ofMinutes(2)),
                    Duration.ofMinutes(1), Duration.ofSeconds(10));
            for (int i = 0; i < after.size(); i++) {
                Measurement m = after.get(i);
                producer.send(new ProducerRecord<>(topics.measurements().name(),
                        2 + i % 2, m.time().toEpochMilli(), m.site().getBytes(StandardCharsets.UTF_8),
                        Json.writeBytes(m))).get();
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.written()).isEqualTo(before.size() + after.size()));
        } finally {
            ingest.close();
            thread.join(30_000);
        }
    }
}
