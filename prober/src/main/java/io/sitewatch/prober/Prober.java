package io.sitewatch.prober;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sitewatch.model.Target;
import io.sitewatch.prober.http.Checker;
import io.sitewatch.prober.http.HttpCheck;
import io.sitewatch.prober.publish.MeasurementPublisher;
import io.sitewatch.prober.schedule.CheckRunner;
import io.sitewatch.prober.schedule.CheckScheduler;
import io.sitewatch.prober.schedule.ProberClock;
import io.sitewatch.prober.shard.TargetShardConsumer;
import io.sitewatch.prober.shard.TargetSink;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prober: the targets consumer (sharding) feeds the scheduler, the scheduler hands due slots to the runner's
 * bounded worker pool, checks become measurements, the publisher sends them. The constructor connects to nothing;
 * {@link #start()} does.
 *
 * <p>{@link #close()} stops in this order: leave the group (the other probers take the targets), stop the
 * schedule, let in-flight checks finish (up to the grace), then flush the producer.
 */
public final class Prober implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);

    private final ProberSettings settings;
    private final MeterRegistry registry;
    private final Checker checker;
    private final ProberMetrics metrics;
    private ThreadPoolExecutor workers;
    private CheckScheduler scheduler;
    private MeasurementPublisher publisher;
    private TargetShardConsumer shards;
    private volatile boolean started;

    public Prober(ProberSettings settings, MeterRegistry registry) {
        this(settings, registry, new HttpCheck(settings.maxBodyBytes()));
    }

    /** A prober with its own check (tests, benchmarks). */
    public Prober(ProberSettings settings, MeterRegistry registry, Checker checker) {
        this.settings = settings;
        this.registry = registry;
        this.checker = checker;
        this.metrics = new ProberMetrics(registry);
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        LOG.info("event=prober_starting prober={} region={} kafka={} topics={} max_concurrency={} max_body_bytes={} "
                        + "buffer_size={} shutdown_grace={} targets_allow=\"{}\"", settings.proberId(), settings.region(),
                settings.kafka(), settings.topics().prefix(), settings.maxConcurrency(), settings.maxBodyBytes(),
                settings.bufferSize(), settings.shutdownGrace(),
                io.sitewatch.net.AddressPolicy.fromEnv(System.getenv()));
        ensureTopics();
        workers = new ThreadPoolExecutor(settings.maxConcurrency(), settings.maxConcurrency(), 30, TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(settings.maxConcurrency() * CheckRunner.QUEUE_PER_WORKER),
                named("sitewatch-check-"));
        workers.allowCoreThreadTimeOut(true);
        publisher = MeasurementPublisher.create(settings.kafka(), settings.topics(),
                "sitewatch-prober-" + settings.proberId() + "-measurements", settings.bufferSize(), registry);
        CheckRunner runner = new CheckRunner(checker, publisher::publish, ProberClock.SYSTEM, workers, metrics,
                settings.proberId(), settings.region());
        scheduler = new CheckScheduler(runner, metrics);
        Gauge.builder("sitewatch.targets.assigned", scheduler, CheckScheduler::size)
                .description("Targets this prober checks").register(registry);
        Gauge.builder("sitewatch.checks.queued", workers, w -> w.getQueue().size())
                .description("Due checks waiting for a free worker").register(registry);
        scheduler.start();
        shards = new TargetShardConsumer(settings.kafka(), settings.topics(), settings.region(), settings.proberId(),
                new TargetSink() {
                    @Override
                    public void upsert(Target target) {
                        if (scheduler.schedule(target)) {
                            LOG.debug("event=target_scheduled site={} interval={}", target.id(), target.interval());
                        }
                    }

                    @Override
                    public void remove(String id) {
                        if (scheduler.cancel(id)) {
                            LOG.debug("event=target_stopped site={}", id);
                        }
                    }
                }, registry);
        shards.start();
        started = true;
    }

    private void ensureTopics() {
        var props = settings.kafka().common();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sitewatch-prober-admin-" + settings.proberId());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            settings.topics().ensureCreated(admin, settings.topicPartitions(), settings.topicReplication());
        } catch (RuntimeException e) {
            // Not fatal: the consumer waits for the topic and the publisher buffers until the broker is there.
            LOG.warn("event=topics_not_ensured error=\"{}\"", e.getMessage());
        }
    }

    /** Targets this prober checks now. */
    public int targetsAssigned() {
        return scheduler == null ? 0 : scheduler.size();
    }

    public java.util.Set<String> targetIds() {
        return scheduler == null ? java.util.Set.of() : scheduler.ids();
    }

    /** Up when started and the targets consumer is polling. */
    public boolean healthy() {
        return started && shards != null && shards.polling();
    }

    public ProberSettings settings() {
        return settings;
    }

    public ProberMetrics metrics() {
        return metrics;
    }

    public MeasurementPublisher publisher() {
        return publisher;
    }

    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        started = false;
        long t0 = System.nanoTime();
        Duration grace = settings.shutdownGrace();
        shards.close();
        scheduler.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("event=checks_abandoned count={}", workers.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        Duration left = grace.minusNanos(System.nanoTime() - t0);
        publisher.close(left.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : left);
        LOG.info("event=prober_stopped prober={} took_ms={}", settings.proberId(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
