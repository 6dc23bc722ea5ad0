package io.sitewatch.alerter;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.alerter.http.AdminServer;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.net.Ports;
import io.sitewatch.process.StopHook;
import io.sitewatch.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch alerter}: reads measurements, writes alerts. Every flag has a {@code SITEWATCH_*}
 * environment variable; flags win. Exit status 0 after a clean stop, 2 on a bad flag (the message names it),
 * 1 when Kafka Streams fails.
 */
@Command(name = "alerter", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Alert when a site's availability over a sliding window falls below a threshold, "
                + "and when it recovers. Reads {prefix}.measurements and {prefix}.targets, writes {prefix}.alerts.")
public final class AlerterCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AlerterCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            defaultValue = "${env:SITEWATCH_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env SITEWATCH_KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}). "
                    + "Other client properties: SITEWATCH_KAFKA_PROPERTY_X_Y=v sets x.y=v.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:SITEWATCH_TOPIC_PREFIX:-sitewatch}",
            description = "Topic name prefix (env SITEWATCH_TOPIC_PREFIX; default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--threshold", paramLabel = "0..1", defaultValue = "${env:SITEWATCH_ALERTER_THRESHOLD:-0.80}",
            description = "Availability below which a site is down, in (0, 1] (env SITEWATCH_ALERTER_THRESHOLD; "
                    + "default ${DEFAULT-VALUE}). Sites override it in the registry.")
    String threshold;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "${env:SITEWATCH_ALERTER_WINDOW:-2m}",
            description = "Sliding window W (env SITEWATCH_ALERTER_WINDOW; default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "${env:SITEWATCH_ALERTER_MIN_SAMPLES:-auto}",
            description = "Samples needed before any alert (env SITEWATCH_ALERTER_MIN_SAMPLES; default ${DEFAULT-VALUE}: "
                    + "max(1, ceil((W / interval) / 2)) per site).")
    String minSamples;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "${env:SITEWATCH_ALERTER_GRACE:-30s}",
            description = "How late a measurement may arrive and still count (env SITEWATCH_ALERTER_GRACE; "
                    + "default ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--no-data-intervals", paramLabel = "N",
            defaultValue = "${env:SITEWATCH_ALERTER_NO_DATA_INTERVALS:-3}",
            description = "Report NO_DATA after N intervals without a sample; 0 disables it "
                    + "(env SITEWATCH_ALERTER_NO_DATA_INTERVALS; default ${DEFAULT-VALUE}).")
    String noDataIntervals;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:SITEWATCH_ALERTER_STATE_DIR:-}",
            description = "Local state directory (env SITEWATCH_ALERTER_STATE_DIR; default ~/.sitewatch/alerter).")
    String stateDir;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:SITEWATCH_ALERTER_HTTP_PORT:-8083}",
            description = "Port of /health and /metrics; 0 picks a free one (env SITEWATCH_ALERTER_HTTP_PORT; "
                    + "default ${DEFAULT-VALUE}).")
    String httpPort;

    @Option(names = "--application-id", paramLabel = "ID",
            defaultValue = "${env:SITEWATCH_ALERTER_APPLICATION_ID:-sitewatch-alerter}",
            description = "Kafka Streams application id (env SITEWATCH_ALERTER_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "${env:SITEWATCH_ALERTER_STREAM_THREADS:-1}",
            description = "Kafka Streams threads (env SITEWATCH_ALERTER_STREAM_THREADS; default ${DEFAULT-VALUE}).")
    String streamThreads;

    @Option(names = "--commit-interval", paramLabel = "DURATION",
            defaultValue = "${env:SITEWATCH_ALERTER_COMMIT_INTERVAL:-300ms}",
            description = "Transaction commit interval; alerts become readable (read_committed) at commits "
                    + "(env SITEWATCH_ALERTER_COMMIT_INTERVAL; default ${DEFAULT-VALUE}).")
    String commitInterval;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "${env:SITEWATCH_PARTITIONS:-12}",
            description = "Partitions of topics created when missing (env SITEWATCH_PARTITIONS; default ${DEFAULT-VALUE}).")
    String partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "${env:SITEWATCH_REPLICATION_FACTOR:-1}",
            description = "Replication factor of topics created when missing (env SITEWATCH_REPLICATION_FACTOR; "
                    + "default ${DEFAULT-VALUE}).")
    String replicationFactor;

    /** The validated configuration; every problem names its flag. */
    record Config(KafkaSettings kafka, Topics topics, AlerterSettings settings, int httpPort, int partitions,
                  short replication) {
    }

    Config config() {
        KafkaSettings kafka = parse("--bootstrap-servers",
                () -> KafkaSettings.fromEnv(System.getenv(), bootstrapServers));
        Topics topics = parse("--topic-prefix", () -> new Topics(topicPrefix));
        double t = parse("--threshold", () -> Double.parseDouble(threshold.trim()));
        if (Double.isNaN(t) || t <= 0 || t > 1) {
            throw bad("--threshold must be in (0, 1] (e.g. 0.8), was " + threshold);
        }
        Duration w = positive("--window", window);
        Integer min = null;
        if (!minSamples.isBlank() && !minSamples.trim().equals("auto")) {
            min = parse("--min-samples", () -> Integer.parseInt(minSamples.trim()));
            if (min < 1) {
                throw bad("--min-samples must be at least 1 or auto, was " + minSamples);
            }
        }
        Duration g = parse("--grace", () -> Durations.parse(grace));
        if (g.isNegative()) {
            throw bad("--grace must be 0 or more, was " + grace);
        }
        int noData = atLeast("--no-data-intervals", noDataIntervals, 0);
        Path dir = stateDir == null || stateDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".sitewatch", "alerter")
                : Path.of(stateDir);
        int port = atLeast("--http-port", httpPort, 0);
        if (port > 65535) {
            throw bad("--http-port must be 0..65535, was " + httpPort);
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw bad("--application-id must be letters, digits, '.', '_' or '-', was " + applicationId);
        }
        int threads = atLeast("--stream-threads", streamThreads, 1);
        Duration commit = positive("--commit-interval", commitInterval);
        int parts = atLeast("--partitions", partitions, 1);
        int replication = atLeast("--replication-factor", replicationFactor, 1);
        AlerterSettings settings = AlerterSettings.defaults()
                .withAlerting(new AlertingPolicy(t, w, min))
                .withGrace(g)
                .withNoData(noData, Duration.ofSeconds(5))
                .withStreams(applicationId, dir, threads, commit, 10L * 1024 * 1024);
        return new Config(kafka, topics, settings, port, parts, (short) replication);
    }

    @Override
    public Integer call() throws Exception {
        Config c = config();
        try {
            Ports.requireFree("0.0.0.0", c.httpPort(), "--http-port", "--http-port", "another alerter on this host?");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        log.info("alerter starting kafka={} topics={}.* threshold={} window={} grace={} stateDir={}", c.kafka(),
                c.topics().prefix(), c.settings().alerting().threshold(),
                Durations.format(c.settings().alerting().window()), Durations.format(c.settings().grace()),
                c.settings().stateDir());
        try {
            ensureTopics(c);
        } catch (RuntimeException e) {
            log.error("cannot reach Kafka to check topics bootstrap={} error=\"{}\"", c.kafka().bootstrapServers(),
                    e.getMessage());
            return 1;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AlerterService service = new AlerterService(c.kafka(), c.topics(), c.settings(), registry);
        // after the service, which sets the registry's tag filter before any meter is registered
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        try (AdminServer http = AdminServer.start(c.httpPort(), service::healthy, service::healthDetails,
                registry::scrape, new io.sitewatch.observability.HttpTelemetry(registry))) {
            log.info("alerter http listening port={} paths=/health,/health/live,/health/ready,/metrics", http.port());
            StopHook.install("alerter-shutdown", service::close);
            service.start();
            service.awaitStop();
            boolean failed = service.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR;
            service.close();
            return failed ? 1 : 0;
        }
    }

    private static void ensureTopics(Config c) {
        Properties p = c.kafka().common();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(p)) {
            c.topics().ensureCreated(admin, c.partitions(), c.replication());
        }
    }

    private interface Parse<T> {
        T get();
    }

    private <T> T parse(String flag, Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof NumberFormatException) {
                m = "must be a number, " + m.replace("For input string: ", "was ");
            }
            throw bad(flag + ": " + m);
        }
    }

    private Duration positive(String flag, String value) {
        Duration d = parse(flag, () -> Durations.parse(value));
        if (d.isNegative() || d.isZero()) {
            throw bad(flag + " must be positive, was " + value);
        }
        return d;
    }

    private int atLeast(String flag, String value, int min) {
        int n = parse(flag, () -> Integer.parseInt(value.trim()));
        if (n < min) {
            throw bad(flag + " must be at least " + min + ", was " + value);
        }
        return n;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Parses and runs; returns the exit status. */
    public static int run(String... args) {
        return new CommandLine(new AlerterCommand()).execute(args);
    }
}
