package io.sitewatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Flags: defaults, sizes, and every invalid value exits 2 naming its flag. */
@Timeout(10)
class ProberCommandTest {
    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ProberCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-concurrency|0|Invalid value for option '--max-concurrency': must be 1..10000, was 0",
        "--max-concurrency|lots|Invalid value for option '--max-concurrency': must be a whole number, was \"lots\"",
        "--max-body|2048MiB|Invalid value for option '--max-body': must be between 1 byte and 1GiB, was \"2048MiB\"",
        "--max-body|big|Invalid value for option '--max-body': must be a size such as 65536, 512KiB or 1MiB, was \"big\"",
        "--buffer-size|0|Invalid value for option '--buffer-size': must be at least 1, was 0",
        "--http-port|70000|Invalid value for option '--http-port': must be 0..65535, was 70000",
        "--region|eu west|Invalid value for option '--region': must be a region name as in config.json's \"regions\" "
                + "(lowercase letters, digits, '-', '_'; at most 63), was \"eu west\"",
        "--bootstrap-servers|localhost|Invalid value for option '--bootstrap-servers': kafka bootstrap servers must be host:port[,host:port], was \"localhost\"",
        "--topic-prefix|a b|Invalid value for option '--topic-prefix': topic prefix must be letters, digits, '.', '_' or '-', was \"a b\"",
        "--shutdown-grace|soon|Invalid value for option '--shutdown-grace':",
    })
    void invalidFlagsExit2NamingTheFlag(String flag, String value, String message) {
        Run r = run(flag, value);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void defaultsAreValid() {
        ProberCommand cmd = new ProberCommand();
        new CommandLine(cmd).parseArgs();
        ProberSettings s = cmd.settings();
        assertThat(s.maxConcurrency()).isEqualTo(256);
        assertThat(s.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(s.bufferSize()).isEqualTo(100_000);
        assertThat(s.topics().prefix()).isEqualTo("sitewatch");
        assertThat(s.proberId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void sizesTakeUnits() {
        ProberCommand cmd = new ProberCommand();
        new CommandLine(cmd).parseArgs("--max-body", "512KiB", "--prober-id", "p7", "--region", "eu-west");
        ProberSettings s = cmd.settings();
        assertThat(s.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(s.proberId()).isEqualTo("p7");
        assertThat(s.region()).isEqualTo("eu-west");
    }
}
