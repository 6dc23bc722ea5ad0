package io.sitewatch.standalone;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.alerter.AlerterService;
import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.DashboardServer;
import io.sitewatch.dashboard.DashboardSettings;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.net.Ports;
import io.sitewatch.prober.Prober;
import io.sitewatch.prober.ProberSettings;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.standalone.broker.BrokerProcess;
import io.sitewatch.standalone.broker.BrokerSettings;
import io.sitewatch.stats.StatsService;
import io.sitewatch.stats.ingest.MeasurementIngest;
import io.sitewatch.stats.store.StoreKind;
import io.sitewatch.stats.store.StoreSettings;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of sitewatch in one process: a broker in a child JVM, then the stats service (memory store by
 * default, or InfluxDB), the alerter and one prober side by side, and the dashboard once the stats service is up;
 * closed in reverse order (dashboard, prober, alerter, stats, broker).
 */
public final class Standalone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    /**
     * What to run. {@code statsPort} 0 picks a free port; {@code apiToken} enables target changes through the API and
     * {@code readToken} protects the page and the read API (each null when not set).
     */
    public record Settings(SitewatchConfig config, Path dataDir, BrokerSettings broker, int dashboardPort,
                           String bind, int statsPort, StoreSettings store, String apiToken, String readToken) {
    }

    private final Settings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private BrokerProcess broker;
    private DashboardServer dashboard;

    public Standalone(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything; on any failure stops what was started and rethrows. */
    public Standalone start() {
        try {
            started.push(DataDirLock.acquire(settings.dataDir()));
            // every port is checked before the broker starts, so that a taken one is a quick, clear error
            Ports.requireFree(settings.bind(), settings.dashboardPort(), "--port", "--bind",
                    DashboardServer.PORT_HINT);
            Ports.requireFree(InetAddress.getLoopbackAddress(), settings.statsPort(), "--stats-port", "--stats-port",
                    "another stats service?");
            broker = new BrokerProcess(settings.broker());
            started.push(broker);
            broker.start();
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            Topics topics = Topics.defaults();
            Properties admin = kafka.common();
            try (Admin a = Admin.create(admin)) {
                topics.ensureCreated(a, 3, (short) 1);
            }
            var applied = new TargetRegistry(kafka, topics, Duration.ofSeconds(30)).apply(settings.config().websites());
            log.info("targets applied added={} updated={} removed={} unchanged={} keptFromApi={}", applied.added().size(),
                    applied.updated().size(), applied.removed().size(), applied.unchanged().size(),
                    applied.kept().size());

            // Stats, alerter and prober start side by side: they share nothing but the broker, and each spends most
            // of its start waiting on it (the alerter's start() returns only once its global targets table is read).
            // The dashboard needs the stats service's port, so it starts when that is known.
            ExecutorService starter = Executors.newFixedThreadPool(3, r -> new Thread(r, "sitewatch-start"));
            try {
                CompletableFuture<StatsService> stats = CompletableFuture.supplyAsync(() -> startStats(kafka, topics),
                        starter);
                CompletableFuture<AlerterService> alerter = CompletableFuture.supplyAsync(
                        () -> startAlerter(kafka, topics), starter);
                CompletableFuture<Prober> prober = CompletableFuture.supplyAsync(() -> startProber(kafka, topics),
                        starter);
                CompletableFuture<DashboardServer> dash = stats.thenApply(st -> startDashboard(kafka, topics, st));
                // closed in reverse: dashboard, prober, alerter, stats
                pushWhenStarted(stats, alerter, prober, dash);
                dashboard = dash.join();
            } finally {
                starter.shutdown();
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits for every start and pushes each service that started onto {@link #started}, in this order, so that
     * {@link #close} stops them in reverse; then rethrows the first failure, if any.
     */
    private void pushWhenStarted(CompletableFuture<?>... starts) {
        RuntimeException failure = null;
        for (CompletableFuture<?> f : starts) {
            try {
                started.push((AutoCloseable) f.join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                failure = failure == null ? cause : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private StatsService startStats(KafkaSettings kafka, Topics topics) {
        // the memory store reads every partition and rebuilds itself; InfluxDB keeps its data, and its ingest
        // commits offsets in the stats service's consumer group
        return StatsService.start(new StatsService.Config(kafka, topics, settings.store(),
                "127.0.0.1", settings.statsPort(), 5000,
                settings.store().kind() == StoreKind.INFLUXDB ? MeasurementIngest.GROUP_ID : null));
    }

    private AlerterService startAlerter(KafkaSettings kafka, Topics topics) {
        // A 1 s commit interval (300 ms in the alerter service) halves the exactly-once transaction overhead on a
        // laptop: 1,000 sites every 10 s took 34% of a core with 300 ms and 30% with 1 s; alerts are at most
        // about a second later.
        AlerterSettings alerterSettings = AlerterSettings.defaults()
                .withAlerting(settings.config().alerting())
                .withStreams(AlerterSettings.DEFAULT_APPLICATION_ID, settings.dataDir().resolve("alerter"), 1,
                        Duration.ofSeconds(1), 10L * 1024 * 1024);
        return new AlerterService(kafka, topics, alerterSettings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .start();
    }

    private Prober startProber(KafkaSettings kafka, Topics topics) {
        Prober prober = new Prober(ProberSettings.of(kafka, topics, "default", "standalone-prober")
                .withMaxConcurrency(64), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        prober.start();
        return prober;
    }

    private DashboardServer startDashboard(KafkaSettings kafka, Topics topics, StatsService stats) {
        DashboardSettings ds = new DashboardSettings(kafka, topics,
                URI.create("http://127.0.0.1:" + stats.httpPort()), settings.bind(), settings.dashboardPort(),
                settings.config().views(), settings.config().defaults(), settings.config().alerting(),
                DashboardSettings.DEFAULT_HISTORY_SIZE, settings.apiToken(), null)
                // the read token and the SSRF allow-list, as for the dashboard service (validated by the command);
                // the stats service listens on loopback only and needs no token here
                .withReadAccess(settings.readToken(), null, io.sitewatch.net.AddressPolicy.fromEnv(System.getenv()));
        return new DashboardServer(ds).start();
    }

    /** Where the dashboard answers. */
    public String dashboardUrl() {
        String host = "0.0.0.0".equals(settings.bind()) ? "127.0.0.1" : settings.bind();
        return "http://" + host + ":" + dashboard.port() + "/";
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Completes with the reason when the broker exits while sitewatch runs (see {@link BrokerProcess#unexpectedExit}). */
    public java.util.concurrent.CompletableFuture<String> brokerLost() {
        return broker.unexpectedExit();
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stop failed component={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
