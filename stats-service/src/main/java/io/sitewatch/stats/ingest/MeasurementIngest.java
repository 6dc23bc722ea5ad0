package io.sitewatch.stats.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.sitewatch.kafka.AddedPartitions;
import io.sitewatch.kafka.BrokerContact;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest loop: poll measurements, send poison records to the dead-letter topic, write the batch to the
 * store, and only then commit. While the store is unavailable the consumer is paused (it keeps polling, so it
 * stays in its group), the same batch is retried with back-off, and nothing is committed or dropped; it
 * resumes when a write succeeds. Replays after a crash are harmless: store writes are idempotent.
 *
 * <p>Runs on the thread that calls {@link #run()}; {@link #close()} from any thread stops it.
 */
public final class MeasurementIngest implements Runnable, AutoCloseable {
    public static final String GROUP_ID = "sitewatch-stats";
    private static final Logger LOG = LoggerFactory.getLogger(MeasurementIngest.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String FIX_TOPIC = "`sitewatch targets apply` creates the topics; check --topic-prefix";

    /** Where the loop is, for /health. */
    public enum State { STARTING, REBUILDING, RUNNING, PAUSED, STOPPED, FAILED }

    /**
     * @param maxPollRecords the largest batch
     * @param horizon        how far back {@link IngestMode#ALL_PARTITIONS} starts (the store's retention)
     * @param firstBackoff   first wait after a failed write, doubled up to {@code maxBackoff}
     */
    /**
     * @param partitionCheck with {@link IngestMode#ALL_PARTITIONS}, how often the topic's partitions are compared with
     *                       the assignment (partitions added later are read from their beginning)
     */
    public record Settings(KafkaSettings kafka, Topics topics, IngestMode mode, String groupId, String clientId,
                           int maxPollRecords, Duration horizon, Duration firstBackoff, Duration maxBackoff,
                           Duration partitionCheck) {
        public static Settings of(KafkaSettings kafka, Topics topics, IngestMode mode, Duration horizon) {
            return new Settings(kafka, topics, mode, GROUP_ID, "sitewatch-stats", 5000, horizon,
                    Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }

        public Settings withGroupId(String id) {
            return new Settings(kafka, topics, mode, id, clientId, maxPollRecords, horizon, firstBackoff, maxBackoff,
                    partitionCheck);
        }

        public Settings withPartitionCheck(Duration every) {
            return new Settings(kafka, topics, mode, groupId, clientId, maxPollRecords, horizon, firstBackoff,
                    maxBackoff, every);
        }
    }

    private final Settings settings;
    private final MeasurementStore store;
    private final IngestMetrics metrics;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Deserializer<Measurement> values;
    private final String topic;
    private final long startedAtMs;
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    /** Why ingest has not started, while it waits for the topic to exist; null otherwise. */
    private volatile String waiting;
    private volatile Consumer<byte[], byte[]> consumer;
    private Map<TopicPartition, Long> rebuildTargets = Map.of();
    private boolean paused;

    public MeasurementIngest(Settings settings, MeasurementStore store, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.registry = registry;
        this.metrics = new IngestMetrics(registry);
        this.clock = clock;
        this.values = settings.topics().measurements().valueSerde().deserializer();
        this.topic = settings.topics().measurements().name();
        this.startedAtMs = clock.millis();
    }

    public State state() {
        return state;
    }

    /** What /health shows about ingest. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", state.name().toLowerCase());
        d.put("mode", settings.mode().name().toLowerCase());
        d.put("topic", topic);
        d.put("kafka", BrokerContact.describe(kafkaConnected()));
        if (lastError != null && (state == State.PAUSED || state == State.FAILED)) {
            d.put("error", lastError);
        } else if (waiting != null) {
            d.put("error", waiting);
        }
        return d;
    }

    /**
     * True while the ingest consumer has a connection to a broker. Ingest stays {@code running} through a broker
     * outage (each poll just returns nothing), so its state alone kept {@code /health} ok while Kafka was gone.
     */
    public boolean kafkaConnected() {
        Consumer<byte[], byte[]> c = consumer;
        if (c == null) {
            return false;
        }
        try {
            return BrokerContact.connected(c.metrics());
        } catch (RuntimeException closing) {
            return false;
        }
    }

    @Override
    public void run() {
        Properties props = settings.kafka().consumer(settings.mode() == IngestMode.GROUP ? settings.groupId() : null,
                settings.clientId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        // on a broker that creates topics on demand, asking for a missing one would make it with the broker's
        // default partitions (often 1), which `targets apply` then leaves as it is: wait for it instead
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        if (settings.mode() == IngestMode.ALL_PARTITIONS) { // its partition check reads the metadata this fresh
            AddedPartitions.refreshEvery(props, settings.partitionCheck());
        }
        try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(props);
             Producer<byte[], byte[]> dlq = new KafkaProducer<>(settings.kafka().producer(settings.clientId() + "-dlq"));
             KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(c)) {
            consumer = c;
            kafkaMetrics.bindTo(registry);
            if (!running) {
                return;
            }
            if (settings.mode() == IngestMode.GROUP) {
                c.subscribe(List.of(topic), new Listener(c));
                state = State.RUNNING;
                try {
                    if (c.partitionsFor(topic, Duration.ofSeconds(10)).isEmpty()) {
                        warnMissingTopic(); // the group is given its partitions once the topic exists
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.warn("cannot see topic {} yet reason={}", topic, e.getMessage());
                }
            } else {
                assignAll(c);
            }
            LOG.info("ingest started topic={} mode={} group={}", topic, settings.mode(),
                    settings.mode() == IngestMode.GROUP ? settings.groupId() : "-");
            long nextPartitionCheck = System.nanoTime() + settings.partitionCheck().toNanos();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                if (!records.isEmpty()) {
                    handle(c, dlq, records);
                }
                if (settings.mode() == IngestMode.ALL_PARTITIONS && System.nanoTime() - nextPartitionCheck >= 0) {
                    nextPartitionCheck = System.nanoTime() + settings.partitionCheck().toNanos();
                    List<TopicPartition> added = AddedPartitions.assign(c, topic);
                    if (!added.isEmpty()) {
                        LOG.info("ingest assigned partitions added to the topic topic={} added={} partitions={}", topic,
                                added.size(), c.assignment().size());
                    }
                }
                if (state == State.REBUILDING && caughtUp(c)) {
                    state = State.RUNNING;
                    LOG.info("ingest rebuilt store from the retention horizon horizon={}", settings.horizon());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            state = State.FAILED;
            LOG.error("ingest failed; nothing after the last durable batch was committed", e);
            throw e;
        } finally {
            consumer = null;
            if (state != State.FAILED) {
                state = State.STOPPED;
            }
        }
    }

    /** Stops the loop; an uncommitted batch is left to be read again. Safe from any thread. */
    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void handle(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> dlq, ConsumerRecords<byte[], byte[]> records) {
        List<Measurement> batch = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            commit.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            try {
                Measurement m = values.deserialize(r.topic(), r.value());
                if (m == null) {
                    throw new SerializationException("null value (a tombstone) on " + r.topic());
                }
                batch.add(m);
            } catch (SerializationException e) {
                metrics.poison.increment();
                LOG.warn("poison record partition={} offset={} reason={}", r.partition(), r.offset(), e.getMessage());
                if (settings.mode() == IngestMode.GROUP || r.timestamp() >= startedAtMs) {
                    deadLetters.add(dlq.send(deadLetter(r, e)));
                }
            }
        }
        if (!writeDurably(c, batch)) {
            return; // closing: nothing committed, the batch is read again on restart
        }
        if (!deadLetters.isEmpty()) {
            dlq.flush();
            for (Future<RecordMetadata> f : deadLetters) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot write to the dead-letter topic "
                            + settings.topics().measurementsDlq().name() + ": " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WakeupException();
                }
            }
        }
        if (settings.mode() == IngestMode.GROUP) {
            commit(c, commit);
        }
    }

    /** Writes until it succeeds (true) or the loop is closing (false). */
    private boolean writeDurably(Consumer<byte[], byte[]> c, List<Measurement> batch) {
        if (batch.isEmpty()) {
            return running;
        }
        long backoff = settings.firstBackoff().toMillis();
        while (true) {
            try {
                Timer.Sample sample = Timer.start();
                store.write(batch);
                sample.stop(metrics.batchWrite);
                metrics.ingested.increment(batch.size());
                metrics.batchSize.record(batch.size());
                if (paused) {
                    paused = false;
                    metrics.paused.set(0);
                    c.resume(c.paused());
                    state = rebuildTargets.isEmpty() ? State.RUNNING : State.REBUILDING;
                    LOG.info("store available again; ingest resumed store={}", store.kind());
                }
                return true;
            } catch (StoreUnavailableException e) {
                metrics.storeErrors.increment();
                lastError = e.getMessage();
                if (!paused) {
                    paused = true;
                    metrics.paused.set(1);
                    state = State.PAUSED;
                    c.pause(c.assignment());
                    LOG.warn("store unavailable; ingest paused, batch kept for retry store={} batch={} reason={}",
                            store.kind(), batch.size(), e.getMessage());
                }
                if (!keepAlive(c, backoff)) {
                    return false;
                }
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    /** Polls the paused consumer for {@code ms} (group membership, rebalances); returns false when closing. */
    private boolean keepAlive(Consumer<byte[], byte[]> c, long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (running && System.nanoTime() < deadline) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            ConsumerRecords<byte[], byte[]> unexpected;
            try {
                unexpected = c.poll(Duration.ofMillis(Math.min(left, 100)));
            } catch (WakeupException e) {
                return false;
            }
            // partitions assigned during the pause may deliver records: put them back for later
            for (TopicPartition tp : unexpected.partitions()) {
                c.seek(tp, unexpected.records(tp).get(0).offset());
            }
            c.pause(c.assignment());
        }
        return running;
    }

    private void commit(Consumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> owned = offsets.entrySet().stream()
                .filter(e -> c.assignment().contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (owned.isEmpty()) {
            return;
        }
        try {
            c.commitSync(owned);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // written but not committed: the new owner reads it again and the idempotent store absorbs it
            LOG.warn("commit failed after a durable write; records will be replayed reason={}", e.getMessage());
        }
    }

    private void assignAll(Consumer<byte[], byte[]> c) {
        state = State.REBUILDING;
        List<PartitionInfo> infos = List.of();
        while (running && infos.isEmpty()) {
            try {
                List<PartitionInfo> found = c.partitionsFor(topic, Duration.ofSeconds(10));
                infos = found == null ? List.of() : found;
                if (infos.isEmpty() && waiting == null) {
                    waiting = "topic " + topic + " does not exist yet; ingest starts when it does (" + FIX_TOPIC + ")";
                    warnMissingTopic();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("waiting for topic {} reason={}", topic, e.getMessage());
            }
            if (infos.isEmpty()) {
                sleep(1000);
            }
        }
        if (waiting != null && !infos.isEmpty()) {
            waiting = null;
            LOG.info("topic exists now; ingest starts topic={}", topic);
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        long from = clock.millis() - settings.horizon().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp o = offsets.get(tp);
            if (o == null) {
                toEnd.add(tp);
            } else {
                c.seek(tp, o.offset());
            }
        }
        if (!toEnd.isEmpty()) { // seekToEnd of an empty list means every assigned partition
            c.seekToEnd(toEnd);
        }
        rebuildTargets = new HashMap<>(ends);
        LOG.info("ingest assigned all partitions partitions={} from={}", partitions.size(),
                java.time.Instant.ofEpochMilli(from));
    }

    private void warnMissingTopic() {
        LOG.warn("topic does not exist yet; ingest waits for it topic={} fix=\"{}\"", topic, FIX_TOPIC);
    }

    private boolean caughtUp(Consumer<byte[], byte[]> c) {
        for (Map.Entry<TopicPartition, Long> e : rebuildTargets.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        rebuildTargets = Map.of();
        return true;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Exception e) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            headers.add(h);
        }
        String message = String.valueOf(e.getMessage());
        headers.add(DlqHeaders.ERROR_CLASS, utf8(e.getClass().getName()));
        headers.add(DlqHeaders.ERROR_MESSAGE, utf8(message.length() > 1000 ? message.substring(0, 1000) : message));
        headers.add(DlqHeaders.SOURCE_TOPIC, utf8(r.topic()));
        headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(r.partition())));
        headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(r.offset())));
        headers.add(DlqHeaders.SERVICE, utf8("stats"));
        return new ProducerRecord<>(settings.topics().measurementsDlq().name(), null, r.key(), r.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Keeps partitions assigned during a pause paused. */
    private final class Listener implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> c;

        Listener(Consumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.info("partitions revoked count={}", partitions.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("partitions assigned count={}", partitions.size());
            if (paused) {
                c.pause(partitions);
            }
        }
    }
}
