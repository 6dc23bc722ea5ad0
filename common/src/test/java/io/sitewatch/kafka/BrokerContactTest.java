package io.sitewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

class BrokerContactTest {

    @Test
    void connectedWhileTheClientHoldsAConnection() {
        try (Metrics metrics = new Metrics()) {
            AtomicInteger consumer = new AtomicInteger();
            AtomicInteger producer = new AtomicInteger();
            metrics.addMetric(metrics.metricName("connection-count", "consumer-metrics"), (c, now) -> consumer.get());
            metrics.addMetric(metrics.metricName("connection-count", "producer-metrics"), (c, now) -> producer.get());

            assertThat(BrokerContact.connected(metrics.metrics())).as("no connection yet").isFalse();
            consumer.set(2);
            assertThat(BrokerContact.connected(metrics.metrics())).isTrue();
            consumer.set(0);
            assertThat(BrokerContact.connected(metrics.metrics())).as("the broker went away").isFalse();
            producer.set(1);
            assertThat(BrokerContact.connected(metrics.metrics())).as("any client of a Kafka Streams instance").isTrue();
        }
    }

    @Test
    void anIdleRestoreConsumerDoesNotCount() {
        try (Metrics metrics = new Metrics()) {
            metrics.addMetric(metrics.metricName("connection-count", "consumer-metrics",
                    java.util.Map.of("client-id", "app-1-StateUpdater-1-restore-consumer")), (c, now) -> 2);
            metrics.addMetric(metrics.metricName("connection-count", "consumer-metrics",
                    java.util.Map.of("client-id", "app-1-StreamThread-1-consumer")), (c, now) -> 0);
            assertThat(BrokerContact.connected(metrics.metrics())).isFalse();
        }
    }

    @Test
    void theFreshestGroupHeartbeatOfTheClientsConsumersRestoreConsumersAside() {
        try (Metrics metrics = new Metrics()) {
            assertThat(BrokerContact.heartbeatSecondsAgo(metrics.metrics())).as("no group consumer").isEmpty();
            AtomicInteger first = new AtomicInteger(-1);
            metrics.addMetric(metrics.metricName("last-heartbeat-seconds-ago", "consumer-coordinator-metrics",
                    java.util.Map.of("client-id", "app-1-StreamThread-1-consumer")), (c, now) -> first.get());
            metrics.addMetric(metrics.metricName("last-heartbeat-seconds-ago", "consumer-coordinator-metrics",
                    java.util.Map.of("client-id", "app-1-StreamThread-2-consumer")), (c, now) -> 40);
            metrics.addMetric(metrics.metricName("last-heartbeat-seconds-ago", "consumer-coordinator-metrics",
                    java.util.Map.of("client-id", "app-1-StateUpdater-1-restore-consumer")), (c, now) -> 1);
            assertThat(BrokerContact.heartbeatSecondsAgo(metrics.metrics())).hasValue(40.0);
            first.set(3);
            assertThat(BrokerContact.heartbeatSecondsAgo(metrics.metrics())).hasValue(3.0);
        }
        try (Metrics metrics = new Metrics()) {
            metrics.addMetric(metrics.metricName("last-heartbeat-seconds-ago", "consumer-coordinator-metrics"),
                    (c, now) -> -1);
            assertThat(BrokerContact.heartbeatSecondsAgo(metrics.metrics())).as("before the first").hasValue(-1.0);
        }
    }

    @Test
    void otherMetricsDoNotCount() {
        try (Metrics metrics = new Metrics()) {
            metrics.addMetric(metrics.metricName("connection-creation-total", "consumer-metrics"), (c, now) -> 5);
            metrics.addMetric(metrics.metricName("request-total", "consumer-node-metrics"), (c, now) -> 9);
            assertThat(BrokerContact.connected(metrics.metrics())).isFalse();
            assertThat(BrokerContact.describe(false)).isEqualTo("not connected");
            assertThat(BrokerContact.describe(true)).isEqualTo("connected");
        }
    }
}
