package io.sitewatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import picocli.CommandLine;

/**
 * Every flag and environment variable of {@code sitewatch dashboard} with a bad value: exit status 2 and the exact
 * message, which names the flag (or variable) and what a good value looks like. The table is
 * {@code src/test/resources/bad-input/dashboard-command.psv}.
 */
class DashboardBadInputTest {

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvFileSource(resources = "/bad-input/dashboard-command.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#')
    void aBadFlagOrVariableExits2NamingIt(String where, String name, String value, int exit, String message) {
        Map<String, String> env = where.equals("env") ? Map.of(name, value == null ? "" : value) : Map.of();
        String[] args = where.equals("flag") ? new String[] {name, value == null ? "" : value} : new String[0];
        CommandLine cl = new CommandLine(new DashboardCommand());
        cl.setDefaultValueProvider(new DashboardEnvDefaults(env));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(args);
        String first = err.toString().lines().findFirst().orElse("");
        assertThat(first).isEqualTo(message);
        assertThat(status).isEqualTo(exit);
    }
}
