package io.sitewatch.dashboard.kafka;

import io.sitewatch.kafka.AddedPartitions;
import io.sitewatch.kafka.BrokerContact;
import io.sitewatch.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from the beginning and then follows it: no consumer group (every dashboard replica sees
 * every record), all partitions assigned, {@code read_committed}, nothing committed. Values are decoded one by
 * one so that an invalid record is counted and skipped instead of stopping the stream. Lazy: the constructor
 * does no I/O; {@link #run()} (on its own thread) connects, and waits for the topic to exist. Partitions added to the
 * topic later are found within about {@link #PARTITION_CHECK} (the consumer's metadata is refreshed as often) and
 * read from their beginning: without a group nothing else would tell it, and alerts written there would never show.
 *
 * @param <V> the record value type
 */
public final class TopicFollower<V> implements Runnable, AutoCloseable {
    /** What to do with each record: {@code value} is null for a tombstone. */
    public interface Handler<V> {
        void accept(String key, V value);
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    /** How often the topic's partition count is compared with the assignment. */
    public static final Duration PARTITION_CHECK = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final String topic;
    private volatile boolean topicMissing;
    private final String clientId;
    private final Deserializer<V> values;
    private final Handler<V> handler;
    private final Runnable onInvalid;
    private final Duration partitionCheck;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean assigned = new AtomicBoolean();
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicLong records = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TopicFollower(KafkaSettings kafka, String topic, String clientId, Deserializer<V> values, Handler<V> handler,
                         Runnable onInvalid) {
        this(kafka, topic, clientId, values, handler, onInvalid, PARTITION_CHECK);
    }

    /** As above, looking for partitions added to the topic every {@code partitionCheck}. */
    public TopicFollower(KafkaSettings kafka, String topic, String clientId, Deserializer<V> values, Handler<V> handler,
                         Runnable onInvalid, Duration partitionCheck) {
        this.partitionCheck = partitionCheck;
        this.kafka = kafka;
        this.topic = topic;
        this.clientId = clientId;
        this.values = values;
        this.handler = handler;
        this.onInvalid = onInvalid;
    }

    /**
     * Follows the topic until {@link #close()}. When the consumer fails (authentication, an unexpected broker
     * error) it is recreated after a pause and the topic is read again from the beginning: handlers are idempotent
     * (the alert history ignores known ids; targets are a map).
     */
    @Override
    public void run() {
        while (!closed.get()) {
            try {
                follow();
            } catch (WakeupException e) {
                if (closed.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("event=follow_failed topic={} error={} action=retry_in_5s", topic, e.getClass().getSimpleName(), e);
            } finally {
                assigned.set(false);
                caughtUp.set(false);
            }
            if (!closed.get()) {
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void follow() {
        Properties props = kafka.consumer(null, clientId);
        AddedPartitions.refreshEvery(props, partitionCheck);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            if (closed.get()) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(c);
            long nextCheck = System.nanoTime() + partitionCheck.toNanos();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            assigned.set(true);
            log.info("event=follow_started topic={} partitions={}", topic, partitions.size());
            while (!closed.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    records.incrementAndGet();
                    deliver(r);
                }
                if (!caughtUp.get() && reached(c, end)) {
                    caughtUp.set(true);
                    log.info("event=follow_caught_up topic={} records={}", topic, records.get());
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + partitionCheck.toNanos();
                    List<TopicPartition> added = AddedPartitions.assign(c, topic);
                    if (!added.isEmpty()) {
                        log.info("event=partitions_added topic={} added={} partitions={}", topic, added.size(),
                                c.assignment().size());
                    }
                }
            }
        } finally {
            consumer = null;
            log.info("event=follow_stopped topic={}", topic);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        boolean warned = false;
        while (true) {
            if (closed.get()) {
                throw new WakeupException();
            }
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // broker not reachable yet: keep trying, the dashboard serves what it has
                if (!warned) {
                    log.warn("event=broker_unreachable topic={} bootstrap={} action=retrying", topic,
                            kafka.bootstrapServers());
                    warned = true;
                }
                continue;
            }
            topicMissing = infos == null || infos.isEmpty();
            if (!topicMissing) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (!warned) {
                log.warn("event=topic_missing topic={} action=waiting", topic);
                warned = true;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            if (closed.get()) {
                throw new WakeupException();
            }
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> r) {
        V value;
        try {
            value = r.value() == null ? null : values.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            onInvalid.run();
            log.warn("event=invalid_record topic={} partition={} offset={} reason=\"{}\"", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            return;
        }
        try {
            handler.accept(r.key(), value);
        } catch (RuntimeException e) {
            onInvalid.run();
            log.warn("event=record_rejected topic={} partition={} offset={} error={}", r.topic(), r.partition(),
                    r.offset(), e.getClass().getSimpleName());
        }
    }

    /** True when every partition has been read up to the end it had when following started. */
    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * True once the topic has been read up to where it ended when following started: what was on it then is known
     * (a target missing from the directory is not on the topic, rather than not read yet).
     */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    /**
     * True while following: the partitions are assigned (the broker answered and the topic exists) and the consumer
     * has a connection to the broker. Assignment alone stayed true through a broker outage, so the dashboard's
     * {@code /health} said {@code "kafka": "connected"} and {@code /health/ready} 200 while the broker was stopped.
     */
    /**
     * True while the topic does not exist: the broker answered that it has no such topic (a wrong
     * {@code --topic-prefix}, or topics not created yet). {@link #connected()} is false then too, but the broker is
     * reachable, and the health answers must not send the operator hunting for a network problem.
     */
    public boolean topicMissing() {
        return topicMissing;
    }

    public boolean connected() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (!assigned.get() || c == null) {
            return false;
        }
        try {
            return BrokerContact.connected(c.metrics());
        } catch (RuntimeException closing) {
            return false;
        }
    }

    public long recordsRead() {
        return records.get();
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        closed.set(true);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            try {
                c.wakeup();
            } catch (RuntimeException e) {
                // already closed by its thread
            }
        }
    }
}
