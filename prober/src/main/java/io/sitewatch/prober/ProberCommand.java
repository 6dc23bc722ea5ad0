package io.sitewatch.prober;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.net.Ports;
import io.sitewatch.process.StopHook;
import io.sitewatch.time.Durations;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch prober}: checks the targets of its shard and publishes measurements until stopped (SIGTERM or
 * Ctrl-C: in-flight checks finish, the producer flushes). Every flag has a {@code SITEWATCH_*} environment default.
 * Exit status: 0 after a clean stop, 2 for an invalid flag (the message names it), 1 otherwise.
 */
@Command(name = "prober", mixinStandardHelpOptions = true,
        description = "Check the websites of this prober's shard and publish measurements to Kafka.")
public final class ProberCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ProberCommand.class);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT]",
            defaultValue = "${env:SITEWATCH_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka brokers (env SITEWATCH_KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}). "
                    + "Client properties come from SITEWATCH_KAFKA_PROPERTY_X_Y=v (x.y=v).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "${env:SITEWATCH_TOPIC_PREFIX:-sitewatch}",
            description = "Topic name prefix (env SITEWATCH_TOPIC_PREFIX; default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--region", defaultValue = "${env:SITEWATCH_REGION:-default}",
            description = "Region of this prober; probers of a region share its targets "
                    + "(env SITEWATCH_REGION; default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--prober-id", defaultValue = "${env:SITEWATCH_PROBER_ID:-}",
            description = "Name stamped on measurements (env SITEWATCH_PROBER_ID; default hostname-pid).")
    String proberId;

    @Option(names = "--max-concurrency", converter = WholeNumber.class, defaultValue = "${env:SITEWATCH_MAX_CONCURRENCY:-256}",
            description = "Checks running at once, at most (env SITEWATCH_MAX_CONCURRENCY; default ${DEFAULT-VALUE}).")
    int maxConcurrency;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "${env:SITEWATCH_MAX_BODY:-1MiB}",
            description = "Body bytes read per check, e.g. 65536, 512KiB, 1MiB; more is TOO_LARGE "
                    + "(env SITEWATCH_MAX_BODY; default ${DEFAULT-VALUE}).")
    String maxBody;

    @Option(names = "--buffer-size", converter = WholeNumber.class, defaultValue = "${env:SITEWATCH_BUFFER_SIZE:-100000}",
            description = "Measurements kept while Kafka is unreachable; past it the oldest are dropped "
                    + "(env SITEWATCH_BUFFER_SIZE; default ${DEFAULT-VALUE}).")
    int bufferSize;

    @Option(names = "--http-port", converter = WholeNumber.class, defaultValue = "${env:SITEWATCH_HTTP_PORT:-8084}",
            description = "Port of /health and /metrics, 0 for any free port (env SITEWATCH_HTTP_PORT; "
                    + "default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "${env:SITEWATCH_HTTP_HOST:-0.0.0.0}",
            description = "Address /health and /metrics listen on (env SITEWATCH_HTTP_HOST; default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--partitions", converter = WholeNumber.class, defaultValue = "${env:SITEWATCH_PARTITIONS:-12}",
            description = "Partitions of topics this prober creates if missing (env SITEWATCH_PARTITIONS; "
                    + "default ${DEFAULT-VALUE}).")
    int topicPartitions;

    @Option(names = "--replication-factor", converter = WholeShort.class, defaultValue = "${env:SITEWATCH_REPLICATION_FACTOR:-1}",
            description = "Replication factor of topics this prober creates if missing "
                    + "(env SITEWATCH_REPLICATION_FACTOR; default ${DEFAULT-VALUE}).")
    short topicReplication;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "${env:SITEWATCH_SHUTDOWN_GRACE:-30s}",
            description = "How long a stop waits for in-flight checks and the producer flush "
                    + "(env SITEWATCH_SHUTDOWN_GRACE; default ${DEFAULT-VALUE}).")
    String shutdownGrace;

    /** A whole number, or a message that says so (picocli's own is "'x' is not an int"). */
    static final class WholeNumber implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("must be a whole number, was \"" + value + "\"");
            }
        }
    }

    /** A whole number small enough for a replication factor. */
    static final class WholeShort implements CommandLine.ITypeConverter<Short> {
        @Override
        public Short convert(String value) {
            try {
                return Short.parseShort(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("must be a whole number up to 32767, was \"" + value
                        + "\"");
            }
        }
    }

    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Environment of the process; tests replace it. */
    java.util.Map<String, String> env = System.getenv();

    /** Validates the flags into settings; an invalid one is a {@link ParameterException} naming it. */
    ProberSettings settings() {
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.fromEnv(env, bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw invalid("--bootstrap-servers", e.getMessage());
        }
        Topics topics;
        try {
            topics = new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw invalid("--topic-prefix", e.getMessage());
        }
        if (!Target.REGION.matcher(region).matches()) {
            // the rule of "regions" in config.json: a region a target could never name would probe only the targets
            // without regions
            throw invalid("--region", "must be a region name as in config.json's \"regions\" ("
                    + Target.REGION_RULE + "), was \"" + region + "\"");
        }
        String id = proberId == null || proberId.isBlank() ? defaultProberId() : proberId.trim();
        if (maxConcurrency < 1 || maxConcurrency > 10_000) {
            throw invalid("--max-concurrency", "must be 1..10000, was " + maxConcurrency);
        }
        long body = parseSize("--max-body", maxBody);
        if (bufferSize < 1) {
            throw invalid("--buffer-size", "must be at least 1, was " + bufferSize);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw invalid("--http-port", "must be 0..65535, was " + httpPort);
        }
        if (topicPartitions < 1) {
            throw invalid("--partitions", "must be at least 1, was " + topicPartitions);
        }
        if (topicReplication < 1) {
            throw invalid("--replication-factor", "must be at least 1, was " + topicReplication);
        }
        try {
            io.sitewatch.net.AddressPolicy.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw invalid(io.sitewatch.net.AddressPolicy.ENV, e.getMessage());
        }
        Duration grace;
        try {
            grace = Durations.parse(shutdownGrace);
        } catch (IllegalArgumentException e) {
            throw invalid("--shutdown-grace", e.getMessage());
        }
        return new ProberSettings(kafka, topics, region, id, maxConcurrency, body, bufferSize, topicPartitions,
                topicReplication, grace);
    }

    @Override
    public Integer call() throws Exception {
        ProberSettings settings = settings();
        try {
            Ports.requireFree(httpHost, httpPort, "--http-port", "--http-host", "another prober on this host?");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("prober", settings.proberId(), "region", settings.region());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Prober prober = new Prober(settings, registry);
        try (ProberHttpServer http = new ProberHttpServer(httpHost, httpPort, registry, prober::healthy,
                prober::targetsAssigned).start()) {
            LOG.info("event=http_listening host={} port={}", httpHost, http.port());
            Thread hook = StopHook.install("sitewatch-prober-shutdown", () -> {
                prober.close();
                stopped.countDown();
            });
            prober.start();
            stopped.await();
            prober.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        return 0;
    }

    /** Stops a running {@link #call()} as SIGTERM would (tests, embedding). */
    void stop() {
        stopped.countDown();
    }

    private ParameterException invalid(String flag, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + flag + "': " + message);
    }

    long parseSize(String flag, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(flag, "must be a size such as 65536, 512KiB or 1MiB, was \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit) {
            case "k", "kb", "kib" -> n * 1024;
            case "m", "mb", "mib" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes < 1 || bytes > 1024L * 1024 * 1024) {
            throw invalid(flag, "must be between 1 byte and 1GiB, was \"" + text + "\"");
        }
        return bytes;
    }

    static String defaultProberId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "prober";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
