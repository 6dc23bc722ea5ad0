package io.sitewatch.kafka;

import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether a Kafka client is in touch with the cluster, read from the client's own metrics. Neither a consumer nor
 * Kafka Streams says so by itself: a consumer that cannot reach any broker keeps polling (each poll returns
 * nothing), and Kafka Streams stays {@code RUNNING} while its broker is stopped. Health checks ask this instead.
 */
public final class BrokerContact {
    private BrokerContact() {
    }

    /**
     * True while the client (or, for Kafka Streams, any of its clients) has a connection to a broker: its
     * {@code connection-count} metric is above zero. A broker that stops closes them at once, and the client opens
     * new ones as soon as it is back; a client given a wrong address never has one. (A connection still being set
     * up counts, so a broker whose packets are dropped, rather than refused, shows only once the attempt times out.)
     * A Kafka Streams restore consumer does not count: it is polled only while a store is being restored, so between
     * restorations its count is that of the last poll (2 connections, seen a minute after the broker had stopped).
     */
    public static boolean connected(Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("connection-count") && !name.group().endsWith("-node-metrics") && !restore(name)
                    && e.getValue().metricValue() instanceof Number count && count.doubleValue() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Seconds since the freshest group heartbeat any of the client's group consumers sent (its
     * {@code last-heartbeat-seconds-ago}; restore consumers aside, as above): -1 before the first, empty when no
     * consumer of the client reports one (no group).
     */
    public static OptionalDouble heartbeatSecondsAgo(Map<MetricName, ? extends Metric> metrics) {
        double freshest = -1;
        boolean reported = false;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("last-heartbeat-seconds-ago") && name.group().equals("consumer-coordinator-metrics")
                    && !restore(name) && e.getValue().metricValue() instanceof Number ago) {
                reported = true;
                double s = ago.doubleValue();
                if (s >= 0 && (freshest < 0 || s < freshest)) {
                    freshest = s;
                }
            }
        }
        return reported ? OptionalDouble.of(freshest) : OptionalDouble.empty();
    }

    private static boolean restore(MetricName name) {
        return name.tags().getOrDefault("client-id", "").endsWith("restore-consumer");
    }

    /** {@code connected} or {@code not connected}, as the services' health answers say it. */
    public static String describe(boolean connected) {
        return connected ? "connected" : "not connected";
    }
}
