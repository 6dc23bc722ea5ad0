package io.sitewatch.alerter.topology;

import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.kafka.Topics;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerter's topology, built in one place for {@code main} and every test.
 *
 * <pre>
 *  measurements-source (bytes) ─▶ measurement-decoder ─┬─▶ measurements-dlq-sink   (invalid records)
 *                                                      └─▶ availability-rule ─▶ alerts-sink
 *                                                            │ site-state (changelogged, per site)
 *  targets-source (bytes) ─▶ targets-updater ─▶ targets (global store, read by availability-rule)
 * </pre>
 */
public final class AlertTopology {
    public static final String MEASUREMENTS_SOURCE = "measurements-source";
    public static final String DECODER = "measurement-decoder";
    public static final String DLQ_SINK = "measurements-dlq-sink";
    public static final String RULE_PROCESSOR = "availability-rule";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String TARGETS_SOURCE = "targets-source";
    public static final String TARGETS_UPDATER = "targets-updater";
    /** Per-site {@code SiteState}; changelog {@code <application.id>-site-state-changelog}. */
    public static final String SITE_STATE_STORE = "site-state";
    /** The targets registry (raw Target JSON by site id); global, rebuilt from the compacted topic. */
    public static final String TARGETS_STORE = "targets";

    private AlertTopology() {
    }

    public static Topology build(AlerterSettings settings, Topics topics) {
        return build(settings, topics, AlerterMetrics.NONE);
    }

    public static Topology build(AlerterSettings settings, Topics topics, AlerterMetrics metrics) {
        return build(settings, topics, metrics, () -> 0L);
    }

    /**
     * @param outOfContactAt the last wall-clock time (epoch ms) the alerter was seen without contact with the broker,
     *                       0 if never: a silence that overlaps it is not the sites' ({@code NO_DATA} waits)
     */
    public static Topology build(AlerterSettings settings, Topics topics, AlerterMetrics metrics,
                                 LongSupplier outOfContactAt) {
        return build(settings, topics, metrics, outOfContactAt, () -> 0);
    }

    /**
     * @param measurementPartitions the measurements topic's partition count, 0 while unknown: with it each task also
     *                              watches the registered sites whose key falls in its partition and that never sent
     *                              a measurement ({@code NO_DATA} for a site no prober checks)
     */
    public static Topology build(AlerterSettings settings, Topics topics, AlerterMetrics metrics,
                                 LongSupplier outOfContactAt, IntSupplier measurementPartitions) {
        String measurements = topics.measurements().name();
        String targets = topics.targets().name();
        Topology topology = new Topology();
        topology.addSource(MEASUREMENTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), measurements)
                .addProcessor(DECODER, () -> new MeasurementDecoder(measurements, metrics), MEASUREMENTS_SOURCE)
                .addSink(DLQ_SINK, topics.measurementsDlq().name(), new StringSerializer(), new ByteArraySerializer(),
                        DECODER)
                .addProcessor(RULE_PROCESSOR, () -> new AvailabilityProcessor(settings, metrics, targets, outOfContactAt,
                        measurementPartitions), DECODER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SITE_STATE_STORE),
                        Serdes.String(), new SiteStateSerde()).withCachingEnabled(), RULE_PROCESSOR)
                .addSink(ALERTS_SINK, topics.alerts().name(), topics.alerts().keySerde().serializer(),
                        topics.alerts().valueSerde().serializer(), RULE_PROCESSOR);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TARGETS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                TARGETS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), targets, TARGETS_UPDATER,
                TargetsUpdater::new);
        return topology;
    }
}
