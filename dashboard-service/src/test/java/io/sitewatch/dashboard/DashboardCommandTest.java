package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DashboardCommandTest {
    static final String TOKEN = "0123456789abcdef-secret";

    record Run(int exit, String out, String err) {
    }

    static CommandLine cli(Map<String, String> env) {
        CommandLine cl = new CommandLine(new DashboardCommand());
        cl.setDefaultValueProvider(new DashboardEnvDefaults(env));
        return cl;
    }

    static Run run(Map<String, String> env, String... args) {
        CommandLine cl = cli(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static DashboardSettings settings(Map<String, String> env, String... args) {
        CommandLine cl = cli(env);
        cl.parseArgs(args);
        return ((DashboardCommand) cl.getCommand()).settings();
    }

    @Test
    void defaultsAreSafe() {
        DashboardSettings s = settings(Map.of());
        assertThat(s.bind()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.statsUrl().toString()).isEqualTo("http://127.0.0.1:8081");
        assertThat(s.historySize()).isEqualTo(10_000);
        assertThat(s.apiToken()).isNull();
        assertThat(s.corsOrigins()).isEmpty();
        assertThat(s.views()).hasSize(2);
        assertThat(s.topics().alerts().name()).isEqualTo("sitewatch.alerts");
    }

    @Test
    void environmentGivesDefaultsAndFlagsWin() {
        Map<String, String> env = Map.of("SITEWATCH_DASHBOARD_PORT", "9090", "SITEWATCH_DASHBOARD_BIND", "0.0.0.0",
                "SITEWATCH_TOPIC_PREFIX", "staging", "SITEWATCH_API_TOKEN", TOKEN,
                "SITEWATCH_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "SITEWATCH_DASHBOARD_CORS_ORIGINS",
                "https://a.example,https://b.example:8443");
        DashboardSettings s = settings(env, "--port", "9191");
        assertThat(s.port()).isEqualTo(9191);
        assertThat(s.bind()).isEqualTo("0.0.0.0");
        assertThat(s.topics().alerts().name()).isEqualTo("staging.alerts");
        assertThat(s.apiToken()).isEqualTo(TOKEN);
        assertThat(s.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(s.corsOrigins()).containsExactly("https://a.example", "https://b.example:8443");
        assertThat(s.toString()).doesNotContain(TOKEN);
    }

    @Test
    void viewsComeFromTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"websites\": [], \"dashboard\": {\"views\": [{\"window\": \"5m\", \"refresh\": \"5s\"}]}}");
        DashboardSettings s = settings(Map.of(), "--config", config.toString());
        assertThat(s.views()).hasSize(1);
        assertThat(s.views().get(0).window()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theTokenCanBeReadFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        assertThat(settings(Map.of(), "--api-token-file", file.toString()).apiToken()).isEqualTo(TOKEN);
        assertThat(settings(Map.of("SITEWATCH_API_TOKEN_FILE", file.toString())).apiToken()).isEqualTo(TOKEN);
    }

    @Test
    void badValuesExit2NamingTheFlag(@TempDir Path dir) throws Exception {
        Path badConfig = dir.resolve("bad.json");
        Files.writeString(badConfig, "{\"websites\": [], \"dashboard\": {\"views\": [{\"window\": \"1s\", \"refresh\": \"1s\"}]}}");
        Object[][] cases = {
                {new String[] {"--port", "70000"}, Map.of(), "--port: must be from 0 to 65535, was 70000"},
                {new String[] {}, Map.of("SITEWATCH_DASHBOARD_PORT", "http"), "--port (SITEWATCH_DASHBOARD_PORT): must be a whole number"},
                {new String[] {"--history-size", "0"}, Map.of(), "--history-size: must be from 1 to 1000000, was 0"},
                {new String[] {"--stats-url", "ftp://stats"}, Map.of(), "--stats-url: must be an http(s) URL"},
                {new String[] {"--bootstrap-servers", "kafka"}, Map.of(), "--bootstrap-servers: kafka bootstrap servers must be host:port"},
                {new String[] {"--topic-prefix", "a b"}, Map.of(), "--topic-prefix: topic prefix must be"},
                {new String[] {"--cors-origin", "*"}, Map.of(), "--cors-origin: must be an origin"},
                {new String[] {"--api-token", "short"}, Map.of(), "--api-token: must be at least 16"},
                {new String[] {"--config", badConfig.toString()}, Map.of(), "--config: " + badConfig},
                {new String[] {"--api-token-file", dir.resolve("missing").toString()}, Map.of(), "--api-token-file: cannot read"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Run r = run((Map<String, String>) c[1], (String[]) c[0]);
            assertThat(r.exit()).as(String.join(" ", (String[]) c[0])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", (String[]) c[0])).contains((String) c[2]);
        }
    }

    @Test
    void aWeakTokenIsRefusedWithoutEchoingIt() {
        Run r = run(Map.of("SITEWATCH_API_TOKEN", "hunter2"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SITEWATCH_API_TOKEN").doesNotContain("hunter2");
    }

    /** A port in use names the flag (and its variable) and what to do, exits 2, and leaves nothing running. */
    @Test
    void aPortInUseExits2NamingTheFlag() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // the same words as every service's port check (io.sitewatch.net.Ports), before anything starts
            String expected = "port " + port + " is in use (another dashboard or web server?); stop it or choose "
                    + "another port with --port";
            Run flag = run(Map.of(), "--port", String.valueOf(port), "--bootstrap-servers", "127.0.0.1:9",
                    "--stats-url", "http://127.0.0.1:9");
            assertThat(flag.err().lines().findFirst().orElse("")).isEqualTo(expected);
            assertThat(flag.exit()).isEqualTo(2);
            Run env = run(Map.of("SITEWATCH_DASHBOARD_PORT", String.valueOf(port)), "--bootstrap-servers",
                    "127.0.0.1:9", "--stats-url", "http://127.0.0.1:9");
            assertThat(env.err().lines().findFirst().orElse("")).isEqualTo(expected);
            assertThat(env.exit()).isEqualTo(2);
        }
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t)).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("dashboard-") && (n.contains("follower") || n.contains("stats")));
    }

    @Test
    void helpNamesTheEnvironmentVariablesAndNeverShowsTheToken() {
        Run r = run(Map.of("SITEWATCH_API_TOKEN", TOKEN), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("SITEWATCH_DASHBOARD_PORT", "SITEWATCH_API_TOKEN", "--cors-origin")
                .doesNotContain(TOKEN);
    }
}
