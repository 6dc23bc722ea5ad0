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
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of sitewatch in one process: a broker in a child JVM, then the stats service (memory store by
 * default, or InfluxDB), the alerter, one prober and the dashboard, in that order; closed in reverse order.
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

            // the memory store reads every partition and rebuilds itself; InfluxDB keeps its data, and its ingest
            // commits offsets in the stats service's consumer group
            StatsService stats = StatsService.start(new StatsService.Config(kafka, topics, settings.store(),
                    "127.0.0.1", settings.statsPort(), 5000,
                    settings.store().kind() == StoreKind.INFLUXDB ? MeasurementIngest.GROUP_ID : null));
            started.push(stats);

            // A 1 s commit interval (300 ms in the alerter service) halves the exactly-once transaction overhead on a
            // laptop: 1,000 sites every 10 s took 34% of a core with 300 ms and 30% with 1 s; alerts are at most
            // about a second later.
            AlerterSettings alerterSettings = AlerterSettings.defaults()
                    .withAlerting(settings.config().alerting())
                    .withStreams(AlerterSettings.DEFAULT_APPLICATION_ID, settings.dataDir().resolve("alerter"), 1,
                            Duration.ofSeconds(1), 10L * 1024 * 1024);
            AlerterService alerter = new AlerterService(kafka, topics, alerterSettings,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
            started.push(alerter);

            Prober prober = new Prober(ProberSettings.of(kafka, topics, "default", "standalone-prober")
                    .withMaxConcurrency(64), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            prober.start();
            started.push(prober);

            DashboardSettings ds = new DashboardSettings(kafka, topics,
                    URI.create("http://127.0.0.1:" + stats.httpPort()), settings.bind(), settings.dashboardPort(),
                    settings.config().views(), settings.config().defaults(), settings.config().alerting(),
                    DashboardSettings.DEFAULT_HISTORY_SIZE, settings.apiToken(), null)
                    // the read token and the SSRF allow-list, as for the dashboard service (validated by the command);
                    // the stats service listens on loopback only and needs no token here
                    .withReadAccess(settings.readToken(), null, io.sitewatch.net.AddressPolicy.fromEnv(System.getenv()));
            dashboard = new DashboardServer(ds).start();
            started.push(dashboard);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
