package io.sitewatch.alerter.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.alerter.AlerterService;
import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alerter throughput and alert latency on the embedded KRaft broker, exactly-once, same wiring as main
 * ({@link AlerterService}).
 *
 * <ol>
 *   <li>Throughput: N measurements for S sites (2% random failures, every 50th site flapping) are produced
 *       before the alerter starts; the figure is N / (time from RUNNING until the alerter's committed offsets
 *       reach the end of every partition), and the sustained rate over the last three quarters of the backlog
 *       (from the moment the committed offsets pass a quarter of it), once the JIT has compiled the hot paths.</li>
 *   <li>Latency: with background load, T trial sites are primed with 4 ups and 1 down (5 samples, below
 *       minSamples); each trial then produces one down (4 of 6: DOWN) and measures the time from the send
 *       until a read_committed consumer sees the DOWN alert.</li>
 * </ol>
 * Run: {@code mvn -q -B -pl alerter -am test-compile -Dbench [-Dbench.args="N SITES PARTITIONS COMMIT_MS THREADS TRIALS BG_RATE"]}.
 */
public final class AlerterBenchmark {
    private static final Instant NOW = Instant.now();

    public static void main(String[] args) throws Exception {
        long n = arg(args, 0, 400_000);
        int sites = (int) arg(args, 1, 2_000);
        int partitions = (int) arg(args, 2, 12);
        long commitMs = arg(args, 3, 300);
        int threads = (int) arg(args, 4, 1);
        int trials = (int) arg(args, 5, 200);
        int bgRate = (int) arg(args, 6, 2_000);
        System.out.printf("alerter benchmark: N=%d sites=%d partitions=%d commit.interval.ms=%d threads=%d "
                + "trials=%d background=%d/s, exactly_once_v2%n", n, sites, partitions, commitMs, threads, trials, bgRate);

        try (EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension()) {
            kafka.start();
            Topics topics = new Topics("bench");
            kafka.createTopic(topics.measurements().name(), partitions);
            kafka.createCompactedTopic(topics.targets().name(), 1);
            kafka.createTopic(topics.alerts().name(), partitions);
            kafka.createTopic(topics.measurementsDlq().name(), 1);
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers());

            long t0 = System.nanoTime();
            long checksPerSite = Math.max(1, n / sites);
            Instant base = NOW.minus(Duration.ofSeconds(10 * checksPerSite + 600));
            try (KafkaProducer<String, byte[]> producer = producer(ks, 20, 512 * 1024)) {
                SplittableRandom rnd = new SplittableRandom(42);
                for (long k = 0; k < checksPerSite; k++) {
                    for (int s = 0; s < sites; s++) {
                        boolean up = s % 50 == 0 ? (k / 30) % 2 == 0 || rnd.nextInt(100) < 50 : rnd.nextInt(100) >= 2;
                        send(producer, topics, measurement("s" + s, "s" + s + "-" + k,
                                base.plusSeconds(10 * k).plusMillis(s), up));
                    }
                }
                producer.flush();
            }
            long produced = checksPerSite * sites;
            System.out.printf("produced %,d measurements in %.1f s%n", produced, (System.nanoTime() - t0) / 1e9);

            Path stateDir = Files.createTempDirectory("alerter-bench");
            AlerterSettings settings = AlerterSettings.defaults().withNoData(0, Duration.ofSeconds(5))
                    .withStreams("bench-alerter", stateDir, threads, Duration.ofMillis(commitMs), 32L * 1024 * 1024);
            try (AlerterService alerter = new AlerterService(ks, topics, settings, new SimpleMeterRegistry())) {
                alerter.start();
                if (!alerter.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("alerter not running: " + alerter.state());
                }
                long start = System.nanoTime();
                long streamCpu0 = streamThreadCpuNanos();
                long processCpu0 = processCpuNanos();
                double[] marks = awaitCaughtUp(kafka.admin(), "bench-alerter", topics.measurements().name(),
                        Duration.ofMinutes(10));
                double secs = (System.nanoTime() - start) / 1e9;
                double streamCpu = (streamThreadCpuNanos() - streamCpu0) / 1e9;
                double processCpu = (processCpuNanos() - processCpu0) / 1e9;
                System.out.printf("THROUGHPUT: %,d measurements in %.2f s = %,.0f measurements/s (exactly_once_v2), "
                        + "JIT warm-up included%n", produced, secs, produced / secs);
                System.out.printf("SUSTAINED: the last 3/4 of the backlog (%,d measurements) in %.2f s = %,.0f "
                        + "measurements/s%n", produced - produced / 4, marks[1] - marks[0],
                        (produced - produced / 4) / (marks[1] - marks[0]));
                System.out.printf("  CPU: stream thread(s) %.1f s (%.1f us/measurement, %,.0f/s per fully used core); "
                        + "whole JVM incl. broker %.1f s over %.1f s wall; load average %.1f%n", streamCpu,
                        streamCpu * 1e6 / produced, produced / streamCpu, processCpu, secs,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

                latency(kafka, ks, topics, trials, bgRate, sites);
            }
        }
        System.exit(0);
    }

    private static void latency(EmbeddedKafkaExtension kafka, KafkaSettings ks, Topics topics, int trials, int bgRate,
                                int sites) throws Exception {
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Properties cp = ks.consumer(null, "bench-alert-reader");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topics.alerts().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                    if (r.key().startsWith("lat-")) {
                        seen.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
            }
            consumer.close();
        }, "bench-alert-reader");
        reader.start();

        AtomicLong bgSent = new AtomicLong();
        Thread background = new Thread(() -> {
            try (KafkaProducer<String, byte[]> bg = producer(ks, 5, 64 * 1024)) {
                long next = System.nanoTime();
                long k = 0;
                while (running.get()) {
                    int s = (int) (k % sites);
                    send(bg, topics, measurement("s" + s, "bg-" + k, Instant.now(), true));
                    k++;
                    bgSent.incrementAndGet();
                    next += 1_000_000_000L / Math.max(1, bgRate);
                    long sleep = next - System.nanoTime();
                    if (sleep > 1_000_000) {
                        Thread.sleep(sleep / 1_000_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-background");
        background.start();

        Histogram h = new Histogram(60_000_000_000L, 3);
        try (KafkaProducer<String, byte[]> p = producer(ks, 0, 16 * 1024)) {
            Instant primeAt = Instant.now();
            for (int i = 0; i < trials; i++) {
                for (int j = 0; j < 5; j++) {
                    send(p, topics, measurement("lat-" + i, "lat-" + i + "-p" + j, primeAt.minusSeconds(50 - 10L * j), j != 4));
                }
            }
            p.flush();
            Thread.sleep(2_000);
            SplittableRandom rnd = new SplittableRandom(7);
            int missed = 0;
            for (int i = 0; i < trials; i++) {
                String site = "lat-" + i;
                long sent = System.nanoTime();
                // event time primeAt: the window (primeAt - 2m, primeAt] holds the 5 primes however long the trials take
                p.send(new ProducerRecord<>(topics.measurements().name(), site,
                        Json.writeBytes(measurement(site, site + "-cross", primeAt, false))));
                long deadline = sent + 10_000_000_000L;
                Long got;
                while ((got = seen.get(site)) == null && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.sleep(0, 200_000);
                }
                if (got == null) {
                    if (++missed > 3) {
                        System.out.println("more than 3 trials without an alert: stopping the latency phase");
                        break;
                    }
                } else {
                    h.recordValue(got - sent);
                }
                Thread.sleep(20 + rnd.nextInt(80)); // do not phase-lock with the commit interval
            }
            running.set(false);
            background.join();
            reader.join();
            System.out.printf("LATENCY (produce crossing measurement -> DOWN alert readable with read_committed), "
                    + "%d trials, %d missed, background %,d measurements:%n", h.getTotalCount(), missed, bgSent.get());
            System.out.printf("  p50=%.0f ms  p90=%.0f ms  p99=%.0f ms  max=%.0f ms%n", h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
        }
    }

    /** CPU time of the Kafka Streams processing threads (not their producer/consumer network threads). */
    private static long streamThreadCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo t : mx.dumpAllThreads(false, false)) {
            if (t.getThreadName().contains("StreamThread") && !t.getThreadName().startsWith("kafka-")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Waits until the group's committed offsets reach the end of every partition, sampling them every 50 ms;
     * returns the seconds at which the committed total first reached a quarter of the backlog and all of it.
     */
    private static double[] awaitCaughtUp(Admin admin, String group, String topic, Duration timeout) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        var latest = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long total = ends.values().stream().mapToLong(e -> e.offset()).sum();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        double quarter = -1;
        while (System.nanoTime() < deadline) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long done = partitions.stream().mapToLong(tp -> committed.get(tp) == null ? 0
                    : Math.min(committed.get(tp).offset(), ends.get(tp).offset())).sum();
            double t = (System.nanoTime() - start) / 1e9;
            if (quarter < 0 && done * 4 >= total) {
                quarter = t;
            }
            if (done >= total) {
                return new double[] {quarter, t};
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("alerter did not catch up within " + timeout);
    }

    private static Measurement measurement(String site, String id, Instant time, boolean up) {
        return new Measurement(id, site, "https://" + site + ".example.com/", "bench", "eu", time, up,
                up ? 200 : null, up ? 42.0 : 5000.0, up ? 20.0 : null, 1.0, 2.0, 3.0, up ? 512L : 0L,
                up ? null : new MeasurementError(ErrorClass.TIMEOUT, "no response within 5s"));
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, Measurement m) {
        p.send(new ProducerRecord<>(topics.measurements().name(), null, m.time().toEpochMilli(), m.site(),
                Json.writeBytes(m)));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaSettings ks, int lingerMs, int batchBytes) {
        Properties p = ks.producer("bench-producer-" + lingerMs);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static long arg(String[] args, int i, long dflt) {
        return args.length > i ? Long.parseLong(args[i]) : dflt;
    }
}
