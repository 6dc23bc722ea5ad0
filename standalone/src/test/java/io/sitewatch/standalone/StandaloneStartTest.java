package io.sitewatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.cli.SitewatchCli;
import io.sitewatch.config.ConfigParser;
import io.sitewatch.standalone.broker.BrokerSettings;
import io.sitewatch.net.PortInUseException;
import io.sitewatch.stats.store.StoreSettings;
import io.sitewatch.testing.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What standalone refuses before it starts anything (no broker, so no Kafka here): a data dir another sitewatch
 * uses, and a dashboard port in use. Both exit 2 at once with the flag to change.
 */
class StandaloneStartTest {
    @TempDir
    Path dir;

    private Standalone standalone(int dashboardPort) throws Exception {
        BrokerSettings broker = new BrokerSettings(dir, Path.of("target/broker-lib"), FreePorts.loopback(),
                FreePorts.loopback(), BrokerSettings.DEFAULT_JVM_OPTIONS, Duration.ofSeconds(60), Duration.ofSeconds(10));
        return new Standalone(new Standalone.Settings(
                ConfigParser.parse("{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}", false, "t"),
                dir, broker, dashboardPort, "127.0.0.1", 0, StoreSettings.memory(Duration.ofHours(1)), null, null));
    }

    @Test
    void aDataDirInUseByARunningSitewatchIsRefusedAndItsBrokerLeftAlone() throws Exception {
        try (DataDirLock running = DataDirLock.acquire(dir)) {
            assertThatThrownBy(() -> standalone(0).start())
                    .isInstanceOf(DataDirLock.DataDirInUseException.class)
                    .hasMessage("--data-dir " + dir + " is in use by another sitewatch (pid "
                            + ProcessHandle.current().pid() + "); stop it, or choose another --data-dir");
        }
        assertThat(dir.resolve("kafka")).doesNotExist();
    }

    @Test
    void aDataDirThatCannotBeADirectoryIsExit2NamingTheFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> DataDirLock.acquire(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--data-dir " + file + " cannot be used (a file is in the way: " + file
                        + " is not a directory); choose a directory you can write to with --data-dir");
    }

    @Test
    void theLockIsFreeAgainOnceTheHolderHasClosed() throws Exception {
        DataDirLock.acquire(dir).close();
        DataDirLock.acquire(dir).close();
        assertThat(Files.readString(dir.resolve(DataDirLock.FILE))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void aDashboardPortInUseIsRefusedBeforeTheBrokerStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> standalone(taken.getLocalPort()).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is in use (another dashboard or web server?); "
                            + "stop it or choose another port with --port");
            assertThat(dir.resolve("kafka")).doesNotExist();

            // through the command line: exit 2, the message first
            Path config = Files.writeString(dir.resolve("c.json"),
                    "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}");
            var cli = SitewatchCli.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            int status = cli.execute("standalone", "--config", config.toString(), "--port",
                    Integer.toString(taken.getLocalPort()), "--data-dir", dir.resolve("d").toString(),
                    "--kafka-port", Integer.toString(FreePorts.loopback()), "--kafka-controller-port",
                    Integer.toString(FreePorts.loopback()));
            assertThat(status).isEqualTo(2);
            assertThat(err.toString()).startsWith("error: port " + taken.getLocalPort() + " is in use");
        }
    }
}
