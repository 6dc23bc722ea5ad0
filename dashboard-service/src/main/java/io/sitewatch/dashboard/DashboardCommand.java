package io.sitewatch.dashboard;

import io.sitewatch.config.ConfigException;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.targets.ApiTokenAuth;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.net.AddressPolicy;
import io.sitewatch.net.PortInUseException;
import io.sitewatch.net.Ports;
import io.sitewatch.process.StopHook;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch dashboard}: the web page, the API and the event stream. Every flag has a {@code SITEWATCH_*}
 * environment default ({@link DashboardEnvDefaults}); a bad value exits with status 2 and a message naming the flag.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, defaultValueProvider = DashboardEnvDefaults.class,
        description = "Serves the web page, the API and the live event stream of sitewatch.")
public final class DashboardCommand implements Callable<Integer> {
    static final int MIN_TOKEN_LENGTH = ApiTokenAuth.MIN_TOKEN_LENGTH;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = KafkaSettings.DEFAULT_BOOTSTRAP, paramLabel = "HOST:PORT[,…]",
            description = "Kafka bootstrap servers. Env: SITEWATCH_KAFKA_BOOTSTRAP_SERVERS (client properties: "
                    + "SITEWATCH_KAFKA_PROPERTY_*). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Topic name prefix. Env: SITEWATCH_TOPIC_PREFIX. Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Option(names = "--stats-url", defaultValue = DashboardSettings.DEFAULT_STATS_URL, paramLabel = "URL",
            description = "Base URL of the stats service. Env: SITEWATCH_STATS_URL. Default: ${DEFAULT-VALUE}.")
    String statsUrl;

    @Option(names = "--port", defaultValue = "" + DashboardSettings.DEFAULT_PORT, paramLabel = "PORT",
            description = "HTTP port (0: any free port). Env: SITEWATCH_DASHBOARD_PORT. Default: ${DEFAULT-VALUE}.")
    String port;

    @Option(names = "--bind", defaultValue = DashboardSettings.DEFAULT_BIND, paramLabel = "ADDRESS",
            description = "Address to listen on; loopback by default, 0.0.0.0 in a container. "
                    + "Env: SITEWATCH_DASHBOARD_BIND. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--config", paramLabel = "FILE",
            description = "config.json (or YAML): its dashboard views, and the defaults used to validate targets "
                    + "written through the API. Env: SITEWATCH_CONFIG. Default: the built-in views (10m/10s, 1h/1m).")
    Path config;

    @Option(names = "--history-size", defaultValue = "" + DashboardSettings.DEFAULT_HISTORY_SIZE, paramLabel = "N",
            description = "Alerts kept in memory. Env: SITEWATCH_DASHBOARD_HISTORY_SIZE. Default: ${DEFAULT-VALUE}.")
    String historySize;

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Bearer token required to change targets (at least " + MIN_TOKEN_LENGTH + " characters). "
                    + "Prefer the env SITEWATCH_API_TOKEN or --api-token-file: a flag is visible to other users in "
                    + "the process list. Without a token, target changes are disabled (403).")
    String apiToken;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "Read the API token from this file (first line). Env: SITEWATCH_API_TOKEN_FILE.")
    Path apiTokenFile;

    @Option(names = "--read-token-file", paramLabel = "FILE",
            description = "Read the read token from this file (first line): when set, GET /api/* and the event stream "
                    + "need it (or the API token) as a bearer token; the page asks for it once per browser session. "
                    + "Env: SITEWATCH_READ_TOKEN_FILE, or the token itself in SITEWATCH_READ_TOKEN. Default: reads "
                    + "are open.")
    Path readTokenFile;

    @Option(names = "--targets-allow", paramLabel = "CIDR|HOST[,…]",
            description = "Non-public addresses that websites added through the API may use: CIDRs (10.1.0.0/16) "
                    + "and host names. Env: SITEWATCH_TARGETS_ALLOW. Default: none (loopback, private, link-local, "
                    + "CGNAT, multicast and metadata addresses are refused).")
    String targetsAllow;

    @Option(names = "--cors-origin", split = ",", paramLabel = "ORIGIN",
            description = "Origins (https://host[:port]) allowed to call the API from a browser page of another site."
                    + " Env: SITEWATCH_DASHBOARD_CORS_ORIGINS (comma-separated). Default: none.")
    List<String> corsOrigins;

    @Override
    public Integer call() throws InterruptedException {
        DashboardSettings settings = settings();
        try {
            Ports.requireFree(settings.bind(), settings.port(), "--port", "--bind", DashboardServer.PORT_HINT);
        } catch (IllegalArgumentException e) { // the port is taken, or --bind is no address of this machine
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DashboardServer server;
        try {
            server = new DashboardServer(settings).start();
        } catch (PortInUseException e) { // taken since the check
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        StopHook.install("dashboard-shutdown", () -> {
            server.close();
            stopped.countDown();
        });
        spec.commandLine().getOut().println("sitewatch dashboard on http://" + displayHost(settings.bind()) + ":"
                + server.port() + "/");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** The validated settings; a {@link ParameterException} (exit 2) names the flag at fault. */
    DashboardSettings settings() {
        Map<String, String> env = spec.defaultValueProvider() instanceof DashboardEnvDefaults d ? d.env()
                : System.getenv();
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.fromEnv(env, bootstrapServers);
        } catch (IllegalArgumentException e) {
            throw bad("--bootstrap-servers", e.getMessage());
        }
        Topics topics;
        try {
            topics = new Topics(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw bad("--topic-prefix", e.getMessage());
        }
        URI stats = statsUri();
        int p = intFlag("--port", port, 0, 65_535);
        if (bind == null || bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw bad("--bind", "must be an address such as 127.0.0.1 or 0.0.0.0, was \"" + bind + "\"");
        }
        int history = intFlag("--history-size", historySize, 1, 1_000_000);
        List<SitewatchConfig.View> views = SitewatchConfig.DEFAULT_VIEWS;
        SitewatchConfig.Defaults defaults = SitewatchConfig.Defaults.DEFAULT;
        io.sitewatch.model.AlertingPolicy alerting = io.sitewatch.model.AlertingPolicy.NONE;
        if (config != null) {
            try {
                SitewatchConfig c = ConfigParser.load(config);
                views = c.views();
                defaults = c.defaults();
                alerting = c.alerting();
            } catch (ConfigException e) {
                throw bad("--config", e.getMessage());
            }
        }
        String token = token(env);
        String readToken = fileOrEnvToken(env, readTokenFile, "--read-token-file", "SITEWATCH_READ_TOKEN");
        String statsToken = fileOrEnvToken(env, null, null, "SITEWATCH_STATS_TOKEN");
        AddressPolicy allow;
        try {
            allow = AddressPolicy.parse(targetsAllow);
        } catch (IllegalArgumentException e) {
            throw bad("--targets-allow (" + AddressPolicy.ENV + ")", e.getMessage());
        }
        List<String> origins = corsOrigins == null ? List.of()
                : corsOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String o : origins) {
            if (o.equals("*") || !o.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                throw bad("--cors-origin", "must be an origin such as https://status.example.com (no wildcard, no "
                        + "path), was \"" + o + "\"");
            }
        }
        return new DashboardSettings(kafka, topics, stats, bind.trim(), p, views, defaults, alerting, history, token,
                origins, readToken, statsToken == null ? readToken : statsToken, allow);
    }

    private URI statsUri() {
        try {
            URI u = new URI(statsUrl.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null || u.getRawQuery() != null) {
                throw bad("--stats-url", "must be an http(s) URL such as http://127.0.0.1:8081, was \""
                        + io.sitewatch.model.Urls.redact(statsUrl) + "\"");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw bad("--stats-url", "must be an http(s) URL such as http://127.0.0.1:8081 (" + e.getReason() + ")");
        }
    }

    private String token(Map<String, String> env) {
        String token = apiToken;
        String from = "--api-token";
        if (token == null && apiTokenFile != null) {
            from = "--api-token-file";
            try {
                List<String> lines = Files.readAllLines(apiTokenFile, StandardCharsets.UTF_8);
                token = lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw bad("--api-token-file", "cannot read " + apiTokenFile + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (token == null) {
            token = env.get("SITEWATCH_API_TOKEN");
            from = "--api-token (SITEWATCH_API_TOKEN)";
        }
        if (token == null || token.isEmpty()) {
            return null;
        }
        token = token.trim();
        String problem = ApiTokenAuth.problem(token);
        if (problem != null) {
            throw bad(from, problem);
        }
        return token;
    }

    /** A token from {@code file} (first line) or the environment variable {@code var}; null when neither is set. */
    private String fileOrEnvToken(Map<String, String> env, Path file, String fileFlag, String var) {
        String token;
        String from;
        if (file != null) {
            from = fileFlag + " (" + var + "_FILE)";
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                token = lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw bad(from, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            from = var;
            token = env.get(var);
            if (token == null && env.get(var + "_FILE") != null) {
                from = var + "_FILE";
                try {
                    List<String> lines = Files.readAllLines(Path.of(env.get(var + "_FILE")), StandardCharsets.UTF_8);
                    token = lines.isEmpty() ? "" : lines.get(0);
                } catch (IOException | java.nio.file.InvalidPathException e) {
                    throw bad(from, "cannot read " + env.get(var + "_FILE") + " (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        if (token == null || token.isEmpty()) {
            return null;
        }
        token = token.trim();
        String problem = ApiTokenAuth.problem(token);
        if (problem != null) {
            throw bad(from, problem);
        }
        return token;
    }

    private int intFlag(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw bad(flag, "must be from " + min + " to " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(flag, "must be a whole number from " + min + " to " + max + ", was \"" + value + "\"");
        }
    }

    /** A 2-exit error naming the flag, and its environment variable when the value came from there. */
    private ParameterException bad(String flag, String message) {
        String var = DashboardEnvDefaults.ENV_BY_OPTION.get(flag);
        var parsed = spec.commandLine().getParseResult();
        boolean onCommandLine = parsed != null && parsed.hasMatchedOption(flag);
        String name = var != null && !onCommandLine ? flag + " (" + var + ")" : flag;
        return new ParameterException(spec.commandLine(), name + ": " + message);
    }

    private static String displayHost(String bind) {
        return bind.equals("0.0.0.0") ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
