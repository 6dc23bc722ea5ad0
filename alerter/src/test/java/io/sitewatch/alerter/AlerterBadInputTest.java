package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import picocli.CommandLine;

/**
 * Every flag of {@code sitewatch alerter} with a bad value: exit status 2 and the exact message naming it. The
 * table is {@code src/test/resources/bad-input/alerter-command.psv}; each flag's default is its
 * {@code SITEWATCH_ALERTER_*} variable, validated the same way.
 */
class AlerterBadInputTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvFileSource(resources = "/bad-input/alerter-command.psv", delimiter = '|', quoteCharacter = '\'',
            commentCharacter = '#')
    void aBadFlagExits2NamingIt(String flag, String value, String message) {
        CommandLine cl = new CommandLine(new AlerterCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(flag, value);
        assertThat(err.toString().lines().findFirst().orElse("")).isEqualTo(message);
        assertThat(status).isEqualTo(2);
    }
}
