package io.sitewatch.stats;

import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.kafka.BrokerContactLog;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.stats.api.Health;
import io.sitewatch.stats.api.ReadToken;
import io.sitewatch.stats.api.StatsApp;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.stats.ingest.IngestMode;
import io.sitewatch.stats.ingest.MeasurementIngest;
import io.sitewatch.stats.store.StoreFactory;
import io.sitewatch.stats.store.StoreKind;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.stats.store.influx.InfluxMeasurementStore;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.store.MeasurementStore;
import io.sitewatch.store.StoreUnavailableException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stats service: the store, the ingest loop on its own thread and the HTTP API. With the memory
 * store every instance reads all partitions (and rebuilds from the retention horizon); with InfluxDB the
 * instances share the partitions in group {@code sitewatch-stats}.
 */
public final class StatsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsService.class);

    /** Everything the service needs, already validated. */
    public record Config(KafkaSettings kafka, Topics topics, StoreSettings store, String httpHost, int httpPort,
                         int batchSize, String groupId, String readToken) {
        /** A configuration with an open read API. */
        public Config(KafkaSettings kafka, Topics topics, StoreSettings store, String httpHost, int httpPort,
                      int batchSize, String groupId) {
            this(kafka, topics, store, httpHost, httpPort, batchSize, groupId, null);
        }

        @Override
        public String toString() {
            return "Config{kafka=" + kafka + ", topicPrefix=" + topics.prefix() + ", store=" + store.kind()
                    + ", retention=" + store.retention() + ", influx=" + store.influx() + ", http=" + httpHost + ":"
                    + httpPort + ", batchSize=" + batchSize + ", group=" + groupId + ", readToken="
                    + (readToken == null ? "none (reads open)" : "***") + "}";
        }
    }

    private final MeasurementStore store;
    private final MeasurementIngest ingest;
    private final Thread ingestThread;
    private final Javalin http;
    private final PrometheusMeterRegistry metrics;
    private final JvmGcMetrics gcMetrics;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private volatile BrokerContactLog contactLog;

    private StatsService(Config config, MeasurementStore store) {
        this.store = store;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(metrics);
        if (store instanceof InMemoryMeasurementStore memory) {
            Gauge.builder("sitewatch.stats.store.sites", memory, InMemoryMeasurementStore::siteCount)
                    .description("sites with data in the memory store").register(metrics);
            FunctionCounter.builder("sitewatch.stats.store.duplicates", memory, InMemoryMeasurementStore::duplicates)
                    .description("replayed points ignored by the memory store").register(metrics);
            FunctionCounter.builder("sitewatch.stats.store.out.of.range", memory, InMemoryMeasurementStore::droppedOutOfRange)
                    .description("points outside the retention dropped by the memory store").register(metrics);
        }
        if (store instanceof InfluxMeasurementStore influx) {
            FunctionCounter.builder("sitewatch.stats.store.out.of.range", influx, InfluxMeasurementStore::droppedOutOfRange)
                    .description("points with a time InfluxDB cannot hold (before 1677, after 2262), dropped")
                    .register(metrics);
        }
        IngestMode mode = config.store().kind() == StoreKind.MEMORY ? IngestMode.ALL_PARTITIONS : IngestMode.GROUP;
        MeasurementIngest.Settings s = MeasurementIngest.Settings.of(config.kafka(), config.topics(), mode,
                config.store().retention()).withGroupId(config.groupId());
        s = new MeasurementIngest.Settings(s.kafka(), s.topics(), s.mode(), s.groupId(), s.clientId(), config.batchSize(),
                s.horizon(), s.firstBackoff(), s.maxBackoff(), s.partitionCheck());
        this.ingest = new MeasurementIngest(s, store, metrics, Clock.systemUTC());
        this.ingestThread = new Thread(() -> {
            try {
                ingest.run();
            } catch (Throwable t) {
                failure.complete(t);
            }
        }, "stats-ingest");
        this.http = StatsApp.create(new StatsQueries(store, Clock.systemUTC()),
                new Health(store, ingest::describe, Clock.systemUTC()), metrics, new ReadToken(config.readToken()));
    }

    /** Creates the store (no I/O), probes it (a down store only degrades /health), starts ingest and HTTP. */
    public static StatsService start(Config config) {
        MeasurementStore store = StoreFactory.create(config.store());
        try {
            store.check();
        } catch (StoreUnavailableException e) {
            LOG.warn("store not available at start; ingest will wait for it store={} reason={}", store.kind(),
                    e.getMessage());
        }
        StatsService service = new StatsService(config, store);
        service.ingestThread.start();
        service.contactLog = BrokerContactLog.start("stats", config.kafka().bootstrapServers(),
                service.ingest::kafkaConnected);
        service.http.start(config.httpHost(), config.httpPort());
        LOG.info("stats service started store={} http={}:{} config=\"{}\"", store.kind(), config.httpHost(),
                service.http.port(), config);
        return service;
    }

    public int httpPort() {
        return http.port();
    }

    public MeasurementStore store() {
        return store;
    }

    public MeasurementIngest ingest() {
        return ingest;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Completes with the cause if the ingest loop dies. */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    @Override
    public void close() {
        BrokerContactLog log = contactLog;
        if (log != null) {
            log.close();
        }
        ingest.close();
        try {
            ingestThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop();
        gcMetrics.close();
        store.close();
        LOG.info("stats service stopped");
    }
}
