package io.sitewatch.prober.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Measurement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes measurements to the measurements topic, keyed by site, with the idempotent {@code acks=all} producer.
 *
 * <p>What is bounded where, when the broker is unreachable:
 * <ol>
 *   <li>{@link #publish} never blocks a check: measurements go to our own buffer of {@code bufferSize}
 *       measurements; past it the oldest is dropped and counted ({@code sitewatch_publish_dropped_total}).</li>
 *   <li>One sender thread moves them into the producer, at most {@code maxInFlight} unacknowledged at a time, so
 *       the producer's {@code buffer.memory} (left at its 32 MiB default) never fills and {@code send} blocks
 *       only on metadata ({@code max.block.ms} = 5 s).</li>
 *   <li>A record the producer gives up on with a retriable error ({@code delivery.timeout.ms} = 30 s passed) goes
 *       back to the head of our buffer and is sent again when the broker returns: delivery is at least once, and
 *       consumers count a measurement id once.</li>
 * </ol>
 * So at most {@code bufferSize + maxInFlight} measurements are held in memory.
 *
 * <p>{@link #close} sends what is buffered, flushes the producer and waits up to the given time.
 */
public final class MeasurementPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeasurementPublisher.class);
    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
    private static final int BATCH = 500;
    private static final long PAUSE_MS = 5;

    private final Producer<String, Measurement> producer;
    private final String topic;
    private final DropOldestBuffer<Measurement> buffer;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Counter requeued;
    private final KafkaClientMetrics clientMetrics;
    private final Thread sender;
    private volatile boolean running = true;
    /** When publishing first found the broker unreachable, in epoch millis; 0 while it is reachable. */
    private final AtomicLong unreachableSince = new AtomicLong();

    MeasurementPublisher(Producer<String, Measurement> producer, String topic, int bufferSize, int maxInFlight,
                         MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.buffer = new DropOldestBuffer<>(bufferSize);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        Gauge.builder("sitewatch.publish.buffer.size", buffer, DropOldestBuffer::size)
                .description("Measurements waiting to be handed to the Kafka producer").register(registry);
        Gauge.builder("sitewatch.publish.in.flight", inFlight, s -> maxInFlight - s.availablePermits())
                .description("Measurements handed to the producer and not yet acknowledged").register(registry);
        FunctionCounter.builder("sitewatch.publish.dropped", buffer, DropOldestBuffer::dropped)
                .description("Measurements dropped because the buffer was full (the oldest go first)").register(registry);
        FunctionCounter.builder("sitewatch.publish.sent", sent, AtomicLong::get)
                .description("Measurements acknowledged by the broker").register(registry);
        FunctionCounter.builder("sitewatch.publish.failed", failed, AtomicLong::get)
                .description("Measurements the broker refused for good (not retriable)").register(registry);
        requeued = Counter.builder("sitewatch.publish.requeued")
                .description("Sends that failed with a retriable error and went back to the buffer").register(registry);
        clientMetrics = producer instanceof KafkaProducer<?, ?> kp ? new KafkaClientMetrics(kp) : null;
        if (clientMetrics != null) {
            clientMetrics.bindTo(registry);
        }
        sender = new Thread(this::sendLoop, "sitewatch-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    /** A publisher with its own producer for {@code topics.measurements()}. */
    public static MeasurementPublisher create(KafkaSettings kafka, Topics topics, String clientId, int bufferSize,
                                              MeterRegistry registry) {
        Properties p = kafka.producer(clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        KafkaProducer<String, Measurement> producer = new KafkaProducer<>(p, new StringSerializer(),
                topics.measurements().valueSerde().serializer());
        return new MeasurementPublisher(producer, topics.measurements().name(), bufferSize, DEFAULT_MAX_IN_FLIGHT,
                registry);
    }

    /** Queues a measurement; never blocks. */
    public void publish(Measurement m) {
        if (buffer.add(m) != null && buffer.dropped() % 1000 == 1) {
            LOG.warn("event=publish_buffer_full capacity={} dropped_total={}", buffer.capacity(), buffer.dropped());
        }
    }

    public int buffered() {
        return buffer.size();
    }

    public long dropped() {
        return buffer.dropped();
    }

    public long sent() {
        return sent.get();
    }

    private void sendLoop() {
        while (running || buffer.size() > 0) {
            try {
                List<Measurement> batch = buffer.take(BATCH, 100);
                if (batch.size() < BATCH && running) {
                    // Let measurements gather for a moment (well inside linger.ms) rather than waking per record.
                    Thread.sleep(PAUSE_MS);
                }
                for (int i = 0; i < batch.size(); i++) {
                    Measurement m = batch.get(i);
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        requeueFrom(batch, i);
                        break;
                    }
                    try {
                        Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, m.site(), m),
                                (md, e) -> acked(m, e));
                        if (failedAtOnce(f)) {
                            // Metadata did not arrive within max.block.ms (the callback put this one back): the
                            // broker is away, so the rest of the batch goes back too instead of waiting in turn.
                            requeueFrom(batch, i + 1);
                            unreachableSince.compareAndSet(0, System.currentTimeMillis());
                            LOG.warn("event=publish_broker_unreachable buffered={} dropped_total={}", buffer.size(),
                                    buffer.dropped());
                            Thread.sleep(500);
                            break;
                        }
                    } catch (RuntimeException e) {
                        // metadata not available within max.block.ms, or the producer is closing
                        inFlight.release();
                        requeueFrom(batch, i);
                        if (running) {
                            LOG.warn("event=publish_send_failed error={} buffered={}", e.getClass().getSimpleName(),
                                    buffer.size());
                            Thread.sleep(500);
                        } else {
                            return;
                        }
                        break;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean failedAtOnce(Future<RecordMetadata> f) {
        if (!f.isDone()) {
            return false;
        }
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void requeueFrom(List<Measurement> batch, int from) {
        for (int j = batch.size() - 1; j >= from; j--) {
            buffer.addFirst(batch.get(j));
        }
    }

    private void acked(Measurement m, Exception e) {
        inFlight.release();
        if (e == null) {
            sent.incrementAndGet();
            long since = unreachableSince.get();
            if (since != 0 && unreachableSince.compareAndSet(since, 0)) {
                // the warnings stop; this says why: the broker is back and the buffer drains
                LOG.info("event=publish_resumed buffered={} dropped_total={} outage_s={}", buffer.size(),
                        buffer.dropped(), (System.currentTimeMillis() - since) / 1000);
            }
        } else if (running && (e instanceof RetriableException || e instanceof TimeoutException)) {
            requeued.increment();
            buffer.addFirst(m);
        } else {
            failed.incrementAndGet();
            LOG.warn("event=publish_failed site={} error={}", m.site(), e.getClass().getSimpleName());
        }
    }

    /** Sends what is buffered, flushes, and closes the producer, waiting at most {@code timeout} in all. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        running = false;
        try {
            sender.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        long left = Math.max(0, deadline - System.nanoTime());
        producer.close(Duration.ofNanos(left));
        int unsent = buffer.size() + (maxInFlight - inFlight.availablePermits());
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        LOG.info("event=publisher_closed sent={} dropped={} unsent={}", sent.get(), buffer.dropped(), unsent);
    }
}
