package io.sitewatch.stats;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.net.Ports;
import io.sitewatch.process.StopHook;
import io.sitewatch.stats.ingest.MeasurementIngest;
import io.sitewatch.stats.store.StoreKind;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.stats.store.influx.InfluxSettings;
import io.sitewatch.time.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch stats}: consume measurements, keep them in the chosen store, serve aggregates over HTTP.
 * Every flag has a {@code SITEWATCH_*} environment default; bad values exit 2 with a message naming the flag.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Consumes measurements, stores them (memory or InfluxDB) and serves aggregates over HTTP.")
public final class StatsCommand implements Callable<Integer> {
    /** Environment of the process; tests replace it. */
    Map<String, String> env = System.getenv();
    /** Set when the service is up (tests and the standalone launcher use it). */
    volatile StatsService service;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            description = "Kafka bootstrap servers (env SITEWATCH_KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092). "
                    + "SITEWATCH_KAFKA_PROPERTY_X_Y=v sets client property x.y.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = "${env:SITEWATCH_TOPIC_PREFIX:-sitewatch}",
            description = "Topic name prefix (env SITEWATCH_TOPIC_PREFIX, default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--store", defaultValue = "${env:SITEWATCH_STORE:-memory}", paramLabel = "memory|influxdb",
            description = "Where measurements are kept (env SITEWATCH_STORE, default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--retention", defaultValue = "${env:SITEWATCH_RETENTION:-24h}", paramLabel = "DURATION",
            description = "Memory store: how long measurements are kept and how far back a start rebuilds "
                    + "(env SITEWATCH_RETENTION, default ${DEFAULT-VALUE}).")
    String retention;

    @CommandLine.Mixin
    InfluxOptions influx = new InfluxOptions();

    @Option(names = "--read-token-file", paramLabel = "FILE",
            description = "File holding the read token that /api/* then needs as a bearer token (env "
                    + "SITEWATCH_READ_TOKEN_FILE, or the token itself in SITEWATCH_READ_TOKEN); /health and /metrics "
                    + "stay open. Default: the API is open.")
    Path readTokenFile;

    @Option(names = "--http-host", defaultValue = "${env:SITEWATCH_HTTP_HOST:-0.0.0.0}",
            description = "Address of the HTTP API (env SITEWATCH_HTTP_HOST, default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:SITEWATCH_HTTP_PORT:-8081}",
            description = "Port of the HTTP API; 0 picks a free one (env SITEWATCH_HTTP_PORT, default ${DEFAULT-VALUE}).")
    String httpPort;

    @Option(names = "--batch-size", defaultValue = "${env:SITEWATCH_STATS_BATCH_SIZE:-5000}",
            description = "Largest batch written to the store at once (env SITEWATCH_STATS_BATCH_SIZE, default ${DEFAULT-VALUE}).")
    String batchSize;

    @Option(names = "--group", defaultValue = "${env:SITEWATCH_STATS_GROUP:-" + MeasurementIngest.GROUP_ID + "}",
            description = "Consumer group with the influxdb store (env SITEWATCH_STATS_GROUP, default ${DEFAULT-VALUE}).")
    String group;

    /** Validates every flag into a service configuration; errors name the flag. */
    StatsService.Config config() {
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.fromEnv(env, bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw invalid(bootstrapServers == null && env.get("SITEWATCH_KAFKA_BOOTSTRAP_SERVERS") != null
                    ? "--bootstrap-servers (SITEWATCH_KAFKA_BOOTSTRAP_SERVERS)" : "--bootstrap-servers", e.getMessage());
        }
        Topics topics;
        try {
            topics = new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw invalid("--topic-prefix", e.getMessage());
        }
        StoreKind kind;
        try {
            kind = StoreKind.parse(store);
        } catch (IllegalArgumentException e) {
            throw invalid("--store", e.getMessage());
        }
        Duration keep = duration("--retention", retention);
        if (keep.compareTo(Duration.ofMinutes(1)) < 0 || keep.compareTo(Duration.ofDays(30)) > 0) {
            throw invalid("--retention", "must be between 1m and 30d, was " + retention);
        }
        int port = integer("--http-port", httpPort, 0, 65535);
        int batch = integer("--batch-size", batchSize, 1, 100_000);
        if (group == null || group.isBlank()) {
            throw invalid("--group", "must not be empty");
        }
        StoreSettings storeSettings = switch (kind) {
            case MEMORY -> StoreSettings.memory(keep);
            case INFLUXDB -> StoreSettings.influx(influx());
        };
        return new StatsService.Config(kafka, topics, storeSettings, httpHost, port, batch, group, readToken());
    }

    private InfluxSettings influx() {
        try {
            return influx.settings(env);
        } catch (InfluxOptions.InvalidOption e) {
            throw invalid(e.flag(), e.getMessage());
        }
    }

    /** The read token from --read-token-file, SITEWATCH_READ_TOKEN_FILE or SITEWATCH_READ_TOKEN; null when unset. */
    private String readToken() {
        Path file = readTokenFile;
        String flag = "--read-token-file";
        if (file == null && env.get("SITEWATCH_READ_TOKEN_FILE") != null) {
            file = Path.of(env.get("SITEWATCH_READ_TOKEN_FILE"));
            flag = "--read-token-file (SITEWATCH_READ_TOKEN_FILE)";
        }
        String token;
        if (file != null) {
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            } catch (IOException e) {
                throw invalid(flag, "cannot read " + file + ": " + e.getClass().getSimpleName());
            }
        } else {
            flag = "SITEWATCH_READ_TOKEN";
            token = env.getOrDefault("SITEWATCH_READ_TOKEN", "").trim();
        }
        if (token.isEmpty()) {
            return null;
        }
        if (token.length() < 16 || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw invalid(flag, "must be at least 16 printable characters without spaces, e.g. the output of "
                    + "`openssl rand -hex 24`");
        }
        return token;
    }

    @Override
    public Integer call() {
        StatsService.Config config = config();
        try {
            Ports.requireFree(config.httpHost(), config.httpPort(), "--http-port", "--http-host",
                "another stats service?");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        StatsService running = StatsService.start(config);
        service = running;
        Thread hook = StopHook.install("stats-shutdown", () -> {
            running.close();
            stopped.countDown();
        });
        running.failure().thenAccept(t -> stopped.countDown());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.failure().isDone()) {
            spec.commandLine().getErr().println("stats: ingest failed: " + running.failure().join());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            running.close();
            return 1;
        }
        return 0;
    }

    /** Stops a service started by {@link #call()} (tests). */
    void stop() {
        StatsService s = service;
        if (s != null) {
            s.close();
        }
        stopped.countDown();
    }

    private Duration duration(String flag, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(flag, e.getMessage());
        }
    }

    private int integer(String flag, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                throw invalid(flag, "must be " + min + ".." + max + ", was " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(flag, "must be a whole number " + min + ".." + max + ", was \"" + text + "\"");
        }
    }

    private ParameterException invalid(String flag, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + flag + "': " + message);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new StatsCommand());
    }
}
