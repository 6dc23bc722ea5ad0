package io.sitewatch.prober.shard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.sitewatch.kafka.BrokerContact;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharding by Kafka: the probers of a region form the consumer group {@code sitewatch-probers-{region}} on the
 * compacted targets topic, with the cooperative-sticky assignor. A prober checks exactly the targets of the
 * partitions it is assigned:
 * <ul>
 *   <li>on assignment it seeks those partitions to the beginning and replays them (offsets are never committed:
 *       the topic is the registry, and every owner needs all of it);</li>
 *   <li>each record then upserts its target (or removes it: tombstone, or not probed in this region), so a
 *       changed interval or a removed site takes effect at the next poll, within a second;</li>
 *   <li>on revocation (or loss) it stops the targets of those partitions.</li>
 * </ul>
 * A prober that stops leaves the group and the others take its partitions at once; one that dies is noticed
 * after {@code session.timeout.ms} (10 s).
 */
public final class TargetShardConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetShardConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final KafkaSettings kafka;
    private final Topics topics;
    private final String region;
    private final String proberId;
    private final TargetSink sink;
    private final MeterRegistry registry;
    private final Deserializer<Target> targets;
    /** Target ids by partition; touched by the consumer thread only. */
    private final Map<TopicPartition, Set<String>> owned = new HashMap<>();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile long lastPollNanos;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public TargetShardConsumer(KafkaSettings kafka, Topics topics, String region, String proberId, TargetSink sink,
                               MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = topics;
        this.region = region;
        this.proberId = proberId;
        this.sink = sink;
        this.registry = registry;
        this.targets = topics.targets().valueSerde().deserializer();
        Gauge.builder("sitewatch.partitions.assigned", assigned, Set::size)
                .description("Partitions of the targets topic assigned to this prober").register(registry);
    }

    public static String groupId(String region) {
        return "sitewatch-probers-" + region;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, "sitewatch-targets-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * True while the consumer polls as a live member of its group: it sent the group coordinator a heartbeat within
     * the session timeout. A consumer that cannot reach the broker keeps polling (each poll just returns nothing),
     * so polling alone said UP for a prober pointed at the wrong address, or cut off from Kafka.
     */
    public boolean polling() {
        return running && System.nanoTime() - lastPollNanos < Duration.ofSeconds(60).toNanos() && inGroup();
    }

    private boolean inGroup() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (c == null) {
            return false;
        }
        // -1 until the first heartbeat, then seconds since the last one was sent
        OptionalDouble ago = BrokerContact.heartbeatSecondsAgo(c.metrics());
        return ago.isPresent() && ago.getAsDouble() >= 0 && ago.getAsDouble() * 1000 <= SESSION_TIMEOUT_MS;
    }

    public Set<TopicPartition> assignment() {
        return Set.copyOf(assigned);
    }

    private Properties properties() {
        Properties p = kafka.consumer(groupId(region), "sitewatch-prober-" + proberId + "-targets");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        return p;
    }

    private void run() {
        lastPollNanos = System.nanoTime();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             KafkaClientMetrics metrics = new KafkaClientMetrics(c)) {
            metrics.bindTo(registry);
            consumer = c;
            c.subscribe(List.of(topics.targets().name()), new Rebalance(c));
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                        apply(r);
                    }
                    lastPollNanos = System.nanoTime();
                } catch (WakeupException e) {
                    // close() asked us to stop
                } catch (RuntimeException e) {
                    LOG.warn("event=targets_poll_failed error={} message=\"{}\"", e.getClass().getSimpleName(),
                            e.getMessage());
                    sleep(1000);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("event=targets_consumer_failed error={} message=\"{}\"", e.getClass().getSimpleName(),
                    e.getMessage());
        } finally {
            consumer = null;
            stopAll();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        String id = r.key();
        if (id == null) {
            LOG.warn("event=target_without_key partition={} offset={}", tp, r.offset());
            return;
        }
        Target target = null;
        if (r.value() != null) {
            try {
                target = targets.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                LOG.error("event=invalid_target site={} partition={} offset={} error=\"{}\"", id, tp, r.offset(),
                        e.getMessage());
                return; // keep whatever ran before
            }
        }
        Set<String> ids = owned.computeIfAbsent(tp, k -> new HashSet<>());
        if (target == null || !target.probedIn(region) || !target.id().equals(id)) {
            if (ids.remove(id)) {
                sink.remove(id);
            }
            return;
        }
        ids.add(id);
        sink.upsert(target);
    }

    private void stopPartitions(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Set<String> ids = owned.remove(tp);
            if (ids != null) {
                ids.forEach(sink::remove);
            }
            assigned.remove(tp);
        }
    }

    private void stopAll() {
        stopPartitions(List.copyOf(owned.keySet()));
        assigned.clear();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                c.seekToBeginning(partitions);
                assigned.addAll(partitions);
                LOG.info("event=partitions_assigned prober={} added={} total={}", proberId, partitions.size(),
                        assigned.size());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                stopPartitions(partitions);
                LOG.info("event=partitions_revoked prober={} removed={} total={}", proberId, partitions.size(),
                        assigned.size());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves the group (the others take the partitions) and stops every target. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
