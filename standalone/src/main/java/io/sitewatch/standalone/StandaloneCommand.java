package io.sitewatch.standalone;

import io.sitewatch.cli.DurationConverter;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.targets.ApiTokenAuth;
import io.sitewatch.standalone.broker.BrokerSettings;
import io.sitewatch.stats.store.StoreKind;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.stats.InfluxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sitewatch standalone --config config.json}: everything in one process with its own broker. */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run all of sitewatch in one process: a Kafka broker (child JVM), stats (memory store, or "
                + "--store influxdb), alerter, one prober and the dashboard. Ctrl-C stops everything.")
public final class StandaloneCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", defaultValue = "${env:SITEWATCH_CONFIG}",
            description = "config.json or config.yaml (env SITEWATCH_CONFIG).")
    Path config;

    @CommandLine.Mixin
    Common common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SitewatchConfig parsed = ConfigParser.load(config);
        return common.run(parsed, spec, null);
    }

    /** Options shared by {@code standalone} and {@code demo}. */
    public static final class Common {
        @Option(names = "--port", defaultValue = "${env:SITEWATCH_DASHBOARD_PORT:-8080}",
                description = "Dashboard port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bind", defaultValue = "${env:SITEWATCH_DASHBOARD_BIND:-127.0.0.1}",
                description = "Dashboard address (default ${DEFAULT-VALUE}; 0.0.0.0 to share it on your network).")
        String bind;

        @Option(names = "--data-dir", paramLabel = "DIR",
                defaultValue = "${env:SITEWATCH_DATA_DIR:-${sys:user.home}/.sitewatch}",
                description = "Broker data and alerter state (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--kafka-port", defaultValue = "29092",
                description = "Port of the embedded broker on 127.0.0.1 (default ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(names = "--kafka-controller-port", defaultValue = "29093",
                description = "KRaft controller port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
        int controllerPort;

        @Option(names = "--stats-port", defaultValue = "0",
                description = "Port of the stats API on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
        int statsPort;

        @Option(names = "--retention", defaultValue = "24h", converter = DurationConverter.class,
                description = "How long the memory store keeps measurements (default ${DEFAULT-VALUE}).")
        Duration retention;

        @Option(names = "--store", paramLabel = "memory|influxdb", defaultValue = "${env:SITEWATCH_STORE:-memory}",
                description = "Where the stats service keeps measurements: memory (rebuilt from Kafka on start) or "
                        + "an InfluxDB of yours, given by the --influx-* flags. Env: SITEWATCH_STORE. Default: "
                        + "${DEFAULT-VALUE}.")
        String store;

        @CommandLine.Mixin
        InfluxOptions influx = new InfluxOptions();

        @Option(names = "--api-token-file", paramLabel = "FILE", defaultValue = "${env:SITEWATCH_API_TOKEN_FILE}",
                description = "Read the token that target changes through the API need from this file (first line; "
                        + "16 characters or more). Env: SITEWATCH_API_TOKEN_FILE, or the token itself in "
                        + "SITEWATCH_API_TOKEN. Default: target changes are disabled.")
        Path apiTokenFile;

        @Option(names = "--read-token-file", paramLabel = "FILE", defaultValue = "${env:SITEWATCH_READ_TOKEN_FILE}",
                description = "Read the token that the page and the read API need from this file (first line). Env: "
                        + "SITEWATCH_READ_TOKEN_FILE, or the token itself in SITEWATCH_READ_TOKEN. Default: reads are "
                        + "open.")
        Path readTokenFile;

        int run(SitewatchConfig config, CommandLine.Model.CommandSpec spec, Runnable afterStart) throws Exception {
            requirePort(port, "--port", true);
            requirePort(statsPort, "--stats-port", true);
            String token = token(apiTokenFile, "--api-token-file", "SITEWATCH_API_TOKEN", System.getenv());
            String read = token(readTokenFile, "--read-token-file", "SITEWATCH_READ_TOKEN", System.getenv());
            StoreSettings storeSettings = storeSettings(System.getenv());
            try {
                io.sitewatch.net.AddressPolicy.fromEnv(System.getenv());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(io.sitewatch.net.AddressPolicy.ENV + ": " + e.getMessage(), e);
            }
            BrokerSettings broker = new BrokerSettings(dataDir, BrokerSettings.defaultLibDir(), kafkaPort, controllerPort,
                    BrokerSettings.DEFAULT_JVM_OPTIONS, Duration.ofSeconds(90), Duration.ofSeconds(20));
            Standalone standalone = new Standalone(new Standalone.Settings(config, dataDir.toAbsolutePath(), broker, port,
                    bind, statsPort, storeSettings, token, read));
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicBoolean stopRequested = new AtomicBoolean();
            Thread hook = new Thread(() -> {
                stopRequested.set(true);
                standalone.close();
                stopped.countDown();
            }, "sitewatch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                standalone.start();
            } catch (RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                throw e;
            }
            var out = spec.commandLine().getOut();
            out.println("sitewatch is running: dashboard " + standalone.dashboardUrl() + "  (kafka "
                    + standalone.bootstrapServers() + ", data " + dataDir.toAbsolutePath() + "; Ctrl-C to stop)");
            out.flush();
            if (afterStart != null) {
                afterStart.run();
            }
            // without its broker nothing works: a crashed or killed broker stops sitewatch with the reason, rather than
            // leaving the services retrying behind a dashboard that no longer changes
            standalone.brokerLost().thenRun(stopped::countDown);
            stopped.await();
            if (!stopRequested.get() && standalone.brokerLost().isDone()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    return 0; // the JVM is shutting down: the hook stops everything
                }
                spec.commandLine().getErr().println("error: " + standalone.brokerLost().join()
                        + "\nsitewatch stopped; start it again (the data under " + dataDir.toAbsolutePath() + " is kept)");
                standalone.close();
                return 1;
            }
            return 0;
        }

        /** The stats service's store, from {@code --store} and the {@code --influx-*} flags; errors name the flag. */
        StoreSettings storeSettings(java.util.Map<String, String> env) {
            StoreKind kind;
            try {
                kind = StoreKind.parse(store);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--store " + e.getMessage(), e);
            }
            if (kind == StoreKind.MEMORY) {
                return StoreSettings.memory(retention);
            }
            try {
                return StoreSettings.influx(influx.settings(env));
            } catch (InfluxOptions.InvalidOption e) {
                throw new IllegalArgumentException(e.flag() + ": " + e.getMessage(), e);
            }
        }

        /**
         * A token, as the dashboard service reads it: the first line of {@code file} ({@code fileFlag}, or its
         * {@code _FILE} variable), else the variable {@code var} itself; null when neither is set.
         *
         * @throws IllegalArgumentException naming where the token came from, when it cannot be read or is too weak
         */
        static String token(Path file, String fileFlag, String var, java.util.Map<String, String> env) {
            String token;
            String from;
            if (file != null) {
                from = fileFlag + " (" + var + "_FILE)";
                try {
                    java.util.List<String> lines = java.nio.file.Files.readAllLines(file,
                            java.nio.charset.StandardCharsets.UTF_8);
                    token = lines.isEmpty() ? "" : lines.get(0);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException(from + ": cannot read " + file + " ("
                            + e.getClass().getSimpleName() + ")", e);
                }
            } else {
                from = var;
                token = env.get(var);
            }
            if (token == null || token.isBlank()) {
                return null;
            }
            token = token.trim();
            String problem = ApiTokenAuth.problem(token);
            if (problem != null) {
                throw new IllegalArgumentException(from + " " + problem);
            }
            return token;
        }

        private static void requirePort(int p, String flag, boolean zeroAllowed) {
            if (p < (zeroAllowed ? 0 : 1) || p > 65535) {
                throw new IllegalArgumentException(flag + " must be 0..65535, was " + p);
            }
        }
    }
}
