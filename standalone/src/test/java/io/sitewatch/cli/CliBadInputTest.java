package io.sitewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * {@code ./sitewatch} with bad arguments or a bad config file: exit status 2 and the exact first line of the
 * message, which names the flag or the field. {@code {bad}} is an invalid config, {@code {notjson}} a file that is
 * not JSON, {@code {good}} a valid one, {@code {weaktoken}} a token file with a token too short. The table is
 * {@code src/test/resources/bad-input/cli.psv}.
 */
class CliBadInputTest {
    @TempDir
    static Path dir;

    @ParameterizedTest(name = "sitewatch {0}")
    @CsvFileSource(resources = "/bad-input/cli.psv", delimiter = '|', quoteCharacter = '\'', commentCharacter = '#')
    void aBadArgumentOrConfigExits2NamingIt(String command, int exit, String message) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"websites\": [{\"name\": \"a\", \"url\": \"ftp://a\", \"interval\": \"0s\"}]}");
        Path notJson = Files.writeString(dir.resolve("notjson.json"), "websites: [");
        Path good = Files.writeString(dir.resolve("good.json"),
                "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}");
        Path weakToken = Files.writeString(dir.resolve("weak-token"), "short\n");
        String[] args = command == null ? new String[0] : Arrays.stream(command.trim().split(" +"))
                .map(a -> a.replace("{bad}", bad.toString()).replace("{notjson}", notJson.toString())
                        .replace("{good}", good.toString()).replace("{weaktoken}", weakToken.toString()))
                .toArray(String[]::new);
        var cli = SitewatchCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int status = cli.execute(args);
        String first = err.toString().lines().findFirst().orElse("").replace(dir.toString(), "DIR");
        assertThat(first).isEqualTo(message);
        assertThat(status).isEqualTo(exit);
    }
}
