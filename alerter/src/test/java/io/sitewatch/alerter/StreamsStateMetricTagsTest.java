package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StreamsStateMetricTagsTest {
    @Test
    void stateMetricsOfBothStoreKindsAreScrapedUnderOneTagKey() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamsStateMetricTags.unify(registry);
        // as KafkaStreamsMetrics registers them: the per-site RocksDB state first, then the targets' global store
        Gauge.builder("kafka.stream.state.commit.latency.avg", () -> 1.0)
                .tags("rocksdb.state.id", "site-state", "task.id", "0_0").register(registry);
        Gauge.builder("kafka.stream.state.commit.latency.avg", () -> 2.0)
                .tags("in.memory.state.id", "targets", "task.id", "-1_-1").register(registry);

        assertThat(registry.scrape())
                .contains("kafka_stream_state_commit_latency_avg{state_id=\"site-state\",task_id=\"0_0\"} 1.0")
                .contains("kafka_stream_state_commit_latency_avg{state_id=\"targets\",task_id=\"-1_-1\"} 2.0");
    }
}
