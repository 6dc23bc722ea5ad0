package io.sitewatch.dashboard;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of the dashboard's flags from {@code SITEWATCH_*} environment variables (a flag on the command
 * line wins). Reading the environment through a map keeps it testable. The API token is deliberately not here:
 * a default value could be printed by {@code --help}; {@link DashboardCommand} reads it itself.
 */
public final class DashboardEnvDefaults implements CommandLine.IDefaultValueProvider {
    static final Map<String, String> ENV_BY_OPTION = Map.ofEntries(
            Map.entry("--bootstrap-servers", "SITEWATCH_KAFKA_BOOTSTRAP_SERVERS"),
            Map.entry("--topic-prefix", "SITEWATCH_TOPIC_PREFIX"),
            Map.entry("--stats-url", "SITEWATCH_STATS_URL"),
            Map.entry("--port", "SITEWATCH_DASHBOARD_PORT"),
            Map.entry("--bind", "SITEWATCH_DASHBOARD_BIND"),
            Map.entry("--config", "SITEWATCH_CONFIG"),
            Map.entry("--history-size", "SITEWATCH_DASHBOARD_HISTORY_SIZE"),
            Map.entry("--api-token-file", "SITEWATCH_API_TOKEN_FILE"),
            Map.entry("--cors-origin", "SITEWATCH_DASHBOARD_CORS_ORIGINS"),
            Map.entry("--read-token-file", "SITEWATCH_READ_TOKEN_FILE"),
            Map.entry("--targets-allow", "SITEWATCH_TARGETS_ALLOW"));

    private final Map<String, String> env;

    public DashboardEnvDefaults() {
        this(System.getenv());
    }

    public DashboardEnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            String var = ENV_BY_OPTION.get(o.longestName());
            String v = var == null ? null : env.get(var);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return arg.defaultValue();
    }

    /** The environment these defaults come from (the command also reads SITEWATCH_API_TOKEN and Kafka properties). */
    Map<String, String> env() {
        return env;
    }
}
