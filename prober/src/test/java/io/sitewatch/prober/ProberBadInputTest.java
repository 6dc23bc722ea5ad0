package io.sitewatch.prober;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import picocli.CommandLine;

/**
 * Every flag and environment variable of {@code sitewatch prober} with a bad value: exit status 2 and the exact
 * message naming it. The table is {@code src/test/resources/bad-input/prober-command.psv}; flags whose default
 * comes from {@code ${env:…}} share their validation with the variable.
 */
@Timeout(10)
class ProberBadInputTest {

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvFileSource(resources = "/bad-input/prober-command.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#')
    void aBadFlagOrVariableExits2NamingIt(String where, String name, String value, String message) {
        ProberCommand command = new ProberCommand();
        command.env = where.equals("env") ? Map.of(name, value == null ? "" : value) : Map.of();
        String[] args = where.equals("flag") ? new String[] {name, value == null ? "" : value} : new String[0];
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(args);
        assertThat(err.toString().lines().findFirst().orElse("")).isEqualTo(message);
        assertThat(status).isEqualTo(2);
    }
}
