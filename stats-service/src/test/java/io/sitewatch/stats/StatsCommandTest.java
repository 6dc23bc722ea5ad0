package io.sitewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.stats.store.StoreKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Flags, env defaults and the exit status 2 with a message naming the flag. */
class StatsCommandTest {
    private final StringWriter err = new StringWriter();

    private CommandLine cli(StatsCommand command) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err));
        return cli;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--store|sqlite|Invalid value for option '--store': must be one of memory, influxdb, was \"sqlite\"",
        "--retention|forever|Invalid value for option '--retention': must be a duration like 500ms, 10s, 2m, 1h or PT10S",
        "--retention|10s|Invalid value for option '--retention': must be between 1m and 30d, was 10s",
        "--http-port|http|Invalid value for option '--http-port': must be a whole number 0..65535, was \"http\"",
        "--http-port|70000|Invalid value for option '--http-port': must be 0..65535, was 70000",
        "--batch-size|0|Invalid value for option '--batch-size': must be 1..100000, was 0",
        "--bootstrap-servers|kafka|Invalid value for option '--bootstrap-servers': kafka bootstrap servers must be host:port",
        "--topic-prefix|a b|Invalid value for option '--topic-prefix': topic prefix must be letters",
    })
    void badValuesExit2NamingTheFlag(String flag, String value, String message) {
        int code = cli(new StatsCommand()).execute(flag, value);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void influxFlagsAreValidatedWhenTheStoreIsInfluxdb() {
        assertThat(cli(new StatsCommand()).execute("--store", "influxdb", "--influx-url", "ftp://x")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--influx-url': influx url must be http(s)://host:port");
        assertThat(cli(new StatsCommand()).execute("--store", "influxdb", "--influx-bucket", "a/b/c")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--influx-bucket'");
        assertThat(cli(new StatsCommand()).execute("--store", "influxdb", "--influx-token-file", "/no/such/file")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--influx-token-file': cannot read /no/such/file");
    }

    @Test
    void defaultsComeFromTheEnvironmentAndTheTokenIsNeverShown(@TempDir Path dir) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "s3cret-token\n");
        StatsCommand command = new StatsCommand();
        Map<String, String> env = new HashMap<>();
        env.put("SITEWATCH_KAFKA_BOOTSTRAP_SERVERS", "k1:9092");
        env.put("SITEWATCH_INFLUX_TOKEN_FILE", tokenFile.toString());
        command.env = env;
        CommandLine cli = cli(command);
        cli.parseArgs("--store", "influxdb", "--influx-bucket", "db/rp");
        StatsService.Config config = command.config();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092");
        assertThat(config.store().kind()).isEqualTo(StoreKind.INFLUXDB);
        assertThat(config.store().influx().token()).isEqualTo("s3cret-token");
        assertThat(config.store().influx().database()).isEqualTo("db");
        assertThat(config.store().influx().retentionPolicy()).isEqualTo("rp");
        assertThat(config.toString()).doesNotContain("s3cret-token");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.topics().measurements().name()).isEqualTo("sitewatch.measurements");
    }

    @Test
    void memoryIsTheDefaultStoreWithTwentyFourHours() {
        StatsCommand command = new StatsCommand();
        command.env = Map.of();
        cli(command).parseArgs();
        StatsService.Config config = command.config();
        assertThat(config.store().kind()).isEqualTo(StoreKind.MEMORY);
        assertThat(config.store().retention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.groupId()).isEqualTo("sitewatch-stats");
    }
}
