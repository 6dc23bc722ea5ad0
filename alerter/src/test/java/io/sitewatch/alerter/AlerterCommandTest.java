package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class AlerterCommandTest {

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new AlerterCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--threshold=1.5          | --threshold must be in (0, 1] (e.g. 0.8), was 1.5",
            "--threshold=0            | --threshold must be in (0, 1]",
            "--threshold=abc          | --threshold: must be a number",
            "--window=10x             | --window: must be a duration like 500ms, 10s, 2m, 1h or PT10S, was \"10x\"",
            "--window=0s              | --window must be positive, was 0s",
            "--grace=-PT1S            | --grace must be 0 or more",
            "--min-samples=0          | --min-samples must be at least 1 or auto",
            "--http-port=70000        | --http-port must be 0..65535",
            "--stream-threads=0       | --stream-threads must be at least 1",
            "--commit-interval=soon   | --commit-interval: must be a duration",
            "--topic-prefix=a/b       | --topic-prefix: topic prefix must be",
            "--bootstrap-servers=nope | --bootstrap-servers: kafka bootstrap servers must be host:port",
            "--no-such-flag           | Unknown option: '--no-such-flag'",
    })
    void badArgumentsExitTwoNamingTheFlag(String arg, String message) {
        Run r = run(arg);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void defaultsAreTheDesignDefaults() {
        AlerterCommand cmd = new AlerterCommand();
        new CommandLine(cmd).parseArgs();
        AlerterCommand.Config c = cmd.config();
        assertThat(c.settings().alerting().threshold()).isEqualTo(0.80);
        assertThat(c.settings().alerting().window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.settings().alerting().minSamples()).isNull();
        assertThat(c.settings().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.settings().noDataIntervals()).isEqualTo(3);
        assertThat(c.topics().alerts().name()).isEqualTo("sitewatch.alerts");
        assertThat(c.httpPort()).isEqualTo(8083);
        assertThat(c.settings().commitInterval()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void flagsReachTheSettings() {
        AlerterCommand cmd = new AlerterCommand();
        new CommandLine(cmd).parseArgs("--threshold", "0.95", "--window", "1m", "--grace", "10s", "--min-samples", "4",
                "--state-dir", "/tmp/x", "--topic-prefix", "staging", "--bootstrap-servers", "k1:9092,k2:9092",
                "--commit-interval", "50ms", "--stream-threads", "2");
        AlerterCommand.Config c = cmd.config();
        assertThat(c.settings().alerting().threshold()).isEqualTo(0.95);
        assertThat(c.settings().alerting().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.settings().alerting().minSamples()).isEqualTo(4);
        assertThat(c.settings().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.settings().stateDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.topics().measurements().name()).isEqualTo("staging.measurements");
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.settings().streamsProperties(c.kafka()))
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", 50L)
                .containsEntry("num.stream.threads", 2)
                .containsEntry("consumer.session.timeout.ms", 10_000)
                .containsEntry("consumer.heartbeat.interval.ms", 3_333);
    }

    @Test
    void helpExitsZero() {
        assertThat(run("--help").exit()).isZero();
    }
}
