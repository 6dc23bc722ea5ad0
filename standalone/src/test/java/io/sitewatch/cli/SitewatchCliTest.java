package io.sitewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SitewatchCliTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = SitewatchCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void checkConfigAcceptsAValidFile() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"),
                "{\"websites\": [{\"name\": \"example\", \"url\": \"https://example.com/?token=secret\"}]}");
        Run r = run("check-config", f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("is valid: 1 website", "example", "https://example.com/")
                .doesNotContain("secret");
    }

    @Test
    void checkConfigNotesAHeaderVariableNotSetHereButExitsZero() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), "{\"websites\": [{\"name\": \"api\", "
                + "\"url\": \"https://api.example.com\", \"headers\": {\"Authorization\": "
                + "\"Bearer ${SITEWATCH_TEST_NEVER_SET_7F3A}\", \"X-Home\": \"${HOME}\"}}]}");
        Run r = run("check-config", f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("is valid: 1 website");
        assertThat(r.err().lines()).containsExactly("note: api: header Authorization uses "
                + "${SITEWATCH_TEST_NEVER_SET_7F3A}, which is not set here; set it where the prober runs, or the check "
                + "is not run");
    }

    @Test
    void checkConfigExitsTwoWithEveryProblem() throws IOException {
        Path f = Files.writeString(dir.resolve("config.yaml"),
                "websites:\n  - name: a\n    url: ftp://a\n    interval: 0s\n  - nme: b\n");
        Run r = run("check-config", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("is invalid (4 errors)",
                "websites[0].url: must start with http:// or https://, was \"ftp://a\"",
                "websites[0].interval: must be at least 1s, was 0s",
                "websites[1].nme: unknown key; did you mean \"name\"?",
                "websites[1].url: is required");
    }

    @Test
    void unknownCommandAndBadOptionExitTwo() {
        assertThat(run("bogus").status()).isEqualTo(2);
        Run r = run("targets", "apply", "c.json", "--timeout", "soon");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--timeout': must be a duration like");
    }

    @Test
    void unreachableKafkaIsAnErrorNamingTheServer() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"),
                "{\"websites\": [{\"name\": \"example\", \"url\": \"https://example.com\"}]}");
        Run r = run("targets", "apply", f.toString(), "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach Kafka at 127.0.0.1:1 within 2s");
    }

    @Test
    void unreachableKafkaIsTheSameClearErrorForList() {
        Run r = run("targets", "list", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach Kafka at 127.0.0.1:1 within 2s; is the broker running?");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"prober, --http-port", "stats, --http-port", "alerter, --http-port", "dashboard, --port"})
    void aServicePortInUseExitsTwoNamingTheFlagBeforeAnythingStarts(String service, String flag) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run r = run(service, flag, Integer.toString(port), "--bootstrap-servers", "127.0.0.1:1");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElse("")).startsWith("port " + port + " is in use (")
                    .endsWith("); stop it or choose another port with " + flag);
        }
    }

    @Test
    void healthcheckOfANonListeningPortSaysWhy() {
        Run r = run("healthcheck", "--url", "http://127.0.0.1:1/health", "--timeout", "2s");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("http://127.0.0.1:1/health unreachable: ConnectException (nothing listening "
                + "there?)").doesNotContain("null");
    }

    @Test
    void versionIsPrinted() {
        Run r = run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("sitewatch ").containsPattern("sitewatch \\d+\\.\\d+\\.\\d+\\S* \\(commit [0-9a-f]{7,40}\\)");
    }
}
