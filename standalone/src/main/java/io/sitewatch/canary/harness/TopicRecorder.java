package io.sitewatch.canary.harness;

import io.sitewatch.json.Json;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Measurement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the measurements, alerts and dead-letter topics from the beginning for the whole run, each on its own
 * thread with {@code read_committed}, and keeps what the invariants and the report need: measurements with
 * their partition, offset and record time; alerts with their arrival time; which service dead-lettered which
 * source record; undecodable measurement records (poison) by partition and offset.
 */
public final class TopicRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicRecorder.class);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final List<ObservedMeasurement> measurements = new CopyOnWriteArrayList<>();
    private final List<ObservedAlert> alerts = new CopyOnWriteArrayList<>();
    private final Set<String> undecodable = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> deadLettered = new ConcurrentHashMap<>();
    private final List<Tail> tails = new ArrayList<>();
    private final List<Consumer<ObservedAlert>> alertListeners = new CopyOnWriteArrayList<>();

    public TopicRecorder(KafkaSettings kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /** Calls {@code listener} on the reader thread for every alert as it arrives. */
    public void onAlert(Consumer<ObservedAlert> listener) {
        alertListeners.add(listener);
    }

    public TopicRecorder start() {
        tails.add(new Tail(topics.measurements().name(), r -> {
            try {
                Measurement m = Json.read(new String(r.value(), StandardCharsets.UTF_8), Measurement.class);
                measurements.add(new ObservedMeasurement(m.site(), m.id(), m.time().toEpochMilli(), m.up(),
                        m.responseMs(), r.partition(), r.offset(), r.timestamp()));
            } catch (RuntimeException e) {
                undecodable.add(r.partition() + ":" + r.offset());
            }
        }));
        tails.add(new Tail(topics.alerts().name(), r -> {
            long now = System.currentTimeMillis();
            try {
                Alert a = Json.read(new String(r.value(), StandardCharsets.UTF_8), Alert.class);
                ObservedAlert o = new ObservedAlert(a.site(), a.id(), a.type(), a.time().toEpochMilli(), now);
                alerts.add(o);
                alertListeners.forEach(l -> l.accept(o));
            } catch (RuntimeException e) {
                log.warn("undecodable alert partition={} offset={} error={}", r.partition(), r.offset(), e.getMessage());
            }
        }));
        tails.add(new Tail(topics.measurementsDlq().name(), r -> {
            String service = header(r, DlqHeaders.SERVICE);
            String source = header(r, DlqHeaders.SOURCE_PARTITION) + ":" + header(r, DlqHeaders.SOURCE_OFFSET);
            deadLettered.computeIfAbsent(source, s -> ConcurrentHashMap.newKeySet()).add(service);
        }));
        tails.forEach(Tail::start);
        return this;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Waits until every reader has reached the (committed) end of its topic; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = kafka.common();
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                boolean all = true;
                for (Tail t : tails) {
                    all &= t.caughtUp(admin);
                }
                if (all) {
                    return true;
                }
                ChildService.sleep(250);
            }
        }
        return false;
    }

    public List<ObservedMeasurement> measurements() {
        return List.copyOf(measurements);
    }

    public List<ObservedAlert> alerts() {
        return List.copyOf(alerts);
    }

    /** Measurement records that could not be read, as "partition:offset". */
    public Set<String> undecodable() {
        return Set.copyOf(undecodable);
    }

    /** Per dead-lettered source record ("partition:offset"), the services that sent it. */
    public Map<String, Set<String>> deadLettered() {
        Map<String, Set<String>> copy = new HashMap<>();
        deadLettered.forEach((k, v) -> copy.put(k, new HashSet<>(v)));
        return copy;
    }

    @Override
    public void close() {
        tails.forEach(Tail::close);
    }

    /** One topic read from the beginning on its own thread. */
    private final class Tail implements Runnable {
        private final String topic;
        private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
        private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Tail(String topic, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
            this.topic = topic;
            this.handler = handler;
            this.thread = new Thread(this, "canary-read-" + topic);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Reads until closed; a failed consumer is replaced and resumes after the last record handled. */
        @Override
        public void run() {
            while (running) {
                try {
                    read();
                } catch (RuntimeException e) {
                    if (running) {
                        log.warn("reader of {} failed, resuming: {}", topic, e.toString());
                        ChildService.sleep(500);
                    }
                }
            }
        }

        private void read() {
            Properties p = kafka.consumer(null, "canary-" + topic);
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                List<TopicPartition> parts = new ArrayList<>();
                while (parts.isEmpty() && running) {
                    // just after the topic was created its metadata may not list the partitions yet
                    c.partitionsFor(topic, Duration.ofSeconds(30))
                            .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
                    if (parts.isEmpty()) {
                        ChildService.sleep(200);
                    }
                }
                c.assign(parts);
                for (TopicPartition tp : parts) {
                    Long next = positions.get(tp);
                    if (next == null) {
                        c.seekToBeginning(List.of(tp));
                    } else {
                        c.seek(tp, next);
                    }
                }
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                        handler.accept(r);
                        positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    }
                    for (TopicPartition tp : parts) {
                        positions.put(tp, c.position(tp, Duration.ofSeconds(5)));
                    }
                }
            }
        }

        boolean caughtUp(Admin admin) {
            try {
                Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(i -> spec.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(spec, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                for (var e : ends.entrySet()) {
                    if (positions.getOrDefault(e.getKey(), -1L) < e.getValue().offset()) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
