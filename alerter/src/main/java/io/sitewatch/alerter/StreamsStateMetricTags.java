package io.sitewatch.alerter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Kafka Streams names the store of its state metrics by store type ({@code rocksdb.state.id} for the per-site
 * state, {@code in.memory.state.id} for the targets' global store) under the same metric names. Prometheus needs one
 * set of tag keys per name, so the second kind was refused (a WARN at every start, and those metrics missing).
 * Both become {@code state.id}; the store's type is in its name.
 */
final class StreamsStateMetricTags {
    static final String PREFIX = "kafka.stream.state";

    private StreamsStateMetricTags() {
    }

    /** Must run before the Kafka Streams metrics are bound. */
    static void unify(MeterRegistry registry) {
        registry.config()
                .meterFilter(MeterFilter.renameTag(PREFIX, "rocksdb.state.id", "state.id"))
                .meterFilter(MeterFilter.renameTag(PREFIX, "in.memory.state.id", "state.id"))
                .meterFilter(MeterFilter.renameTag(PREFIX, "in.memory.window.state.id", "state.id"))
                .meterFilter(MeterFilter.renameTag(PREFIX, "rocksdb.window.state.id", "state.id"))
                .meterFilter(MeterFilter.renameTag(PREFIX, "rocksdb.session.state.id", "state.id"))
                .meterFilter(MeterFilter.renameTag(PREFIX, "in.memory.lru.state.id", "state.id"));
    }
}
