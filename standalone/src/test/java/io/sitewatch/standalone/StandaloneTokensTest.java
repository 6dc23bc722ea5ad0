package io.sitewatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tokens of standalone and demo are read as the dashboard service reads them: a file (the flag, or its
 * {@code _FILE} variable), else the variable itself. Standalone read only {@code SITEWATCH_API_TOKEN} and
 * {@code SITEWATCH_READ_TOKEN}, so the {@code _FILE} variants that the Security section recommends were ignored
 * without a word and target changes stayed disabled.
 */
class StandaloneTokensTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aTokenFileGivesTheTokenAndWinsOverTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("api-token"), "  " + TOKEN + "  \nsecond line ignored\n");
        assertThat(StandaloneCommand.Common.token(file, "--api-token-file", "SITEWATCH_API_TOKEN",
                Map.of("SITEWATCH_API_TOKEN", "fedcba9876543210fedcba9876543210"))).isEqualTo(TOKEN);
    }

    @Test
    void withoutAFileTheVariableGivesTheTokenAndNeitherMeansNone() {
        assertThat(StandaloneCommand.Common.token(null, "--read-token-file", "SITEWATCH_READ_TOKEN",
                Map.of("SITEWATCH_READ_TOKEN", TOKEN + "\n"))).isEqualTo(TOKEN);
        assertThat(StandaloneCommand.Common.token(null, "--read-token-file", "SITEWATCH_READ_TOKEN",
                Map.of("SITEWATCH_READ_TOKEN", " "))).isNull();
        assertThat(StandaloneCommand.Common.token(null, "--read-token-file", "SITEWATCH_READ_TOKEN", Map.of())).isNull();
    }

    @Test
    void standaloneAndDemoTakeTheTokenFileFlags() throws Exception {
        Path api = Files.writeString(dir.resolve("api"), TOKEN);
        Path read = Files.writeString(dir.resolve("read"), TOKEN);
        StandaloneCommand standalone = new StandaloneCommand();
        new CommandLine(standalone).parseArgs("--config", "config.json", "--api-token-file", api.toString(),
                "--read-token-file", read.toString());
        assertThat(standalone.common.apiTokenFile).isEqualTo(api);
        assertThat(standalone.common.readTokenFile).isEqualTo(read);
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--api-token-file", api.toString());
        assertThat(demo.common.apiTokenFile).isEqualTo(api);
    }
}
