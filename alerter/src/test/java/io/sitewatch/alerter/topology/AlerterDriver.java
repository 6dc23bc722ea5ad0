package io.sitewatch.alerter.topology;

import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.alerter.rule.SiteState;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The real topology ({@link AlertTopology#build}) on a {@link TopologyTestDriver}, with typed topics. */
final class AlerterDriver implements AutoCloseable {
    static final Instant WALL_CLOCK_START = Instant.parse("2026-11-22T06:00:00Z");

    final Topics topics = Topics.defaults();
    final CountingMetrics metrics = new CountingMetrics();
    final TopologyTestDriver driver;
    final TestInputTopic<String, Measurement> measurements;
    final TestInputTopic<String, byte[]> rawMeasurements;
    final TestInputTopic<String, Target> targets;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, byte[]> dlq;
    private final Path stateDir;

    AlerterDriver() {
        this(AlerterSettings.defaults());
    }

    AlerterDriver(AlerterSettings settings) {
        this(settings, () -> 0L);
    }

    /** @param outOfContactAt what the alerter's contact watch would say: the last time it was cut off from Kafka */
    AlerterDriver(AlerterSettings settings, java.util.function.LongSupplier outOfContactAt) {
        this(settings, outOfContactAt, () -> 0);
    }

    /** @param measurementPartitions what the alerter would have looked up (the driver's one partition: 1) */
    AlerterDriver(AlerterSettings settings, java.util.function.LongSupplier outOfContactAt,
                  java.util.function.IntSupplier measurementPartitions) {
        try {
            stateDir = Files.createTempDirectory("alerter-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AlertTopology.build(settings, topics, metrics, outOfContactAt,
                measurementPartitions), props,
                WALL_CLOCK_START);
        measurements = driver.createInputTopic(topics.measurements().name(), new StringSerializer(),
                topics.measurements().valueSerde().serializer());
        rawMeasurements = driver.createInputTopic(topics.measurements().name(), new StringSerializer(),
                new ByteArraySerializer());
        targets = driver.createInputTopic(topics.targets().name(), new StringSerializer(),
                topics.targets().valueSerde().serializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.measurementsDlq().name(),
                topics.measurementsDlq().keySerde().deserializer(), topics.measurementsDlq().valueSerde().deserializer());
    }

    /** Pipes measurements in the given order, each keyed by its site. */
    AlerterDriver send(Measurement... ms) {
        for (Measurement m : ms) {
            measurements.pipeInput(new TestRecord<>(m.site(), m, m.time()));
        }
        return this;
    }

    AlerterDriver send(List<Measurement> ms) {
        return send(ms.toArray(Measurement[]::new));
    }

    AlerterDriver register(Target target) {
        targets.pipeInput(target.id(), target);
        return this;
    }

    AlerterDriver unregister(String site) {
        targets.pipeInput(site, null);
        return this;
    }

    AlerterDriver advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
        return this;
    }

    /** Every alert sent since the last call. */
    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    KeyValueStore<String, SiteState> siteStates() {
        return driver.getKeyValueStore(AlertTopology.SITE_STATE_STORE);
    }

    @Override
    public void close() {
        driver.close();
        try (var walk = Files.walk(stateDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp dir; best effort
        }
    }
}
