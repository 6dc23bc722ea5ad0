package io.sitewatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.stats.store.StoreKind;
import io.sitewatch.stats.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code standalone --store}: the memory store by default, or the user's InfluxDB given by the {@code --influx-*} flags. */
class StandaloneStoreTest {
    @TempDir
    Path dir;

    private static StandaloneCommand parse(String... args) {
        StandaloneCommand c = new StandaloneCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void theMemoryStoreIsTheDefaultWithTheRetentionGiven() {
        StoreSettings s = parse("--config", "c.json", "--retention", "2h").common.storeSettings(Map.of());
        assertThat(s.kind()).isEqualTo(StoreKind.MEMORY);
        assertThat(s.retention()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void influxdbTakesTheInfluxFlagsAndTheTokenFromItsFile() throws Exception {
        Path token = Files.writeString(dir.resolve("influx-token"), "s3cr3t-influx-token\n");
        StoreSettings s = parse("--config", "c.json", "--store", "influxdb", "--influx-url", "http://127.0.0.1:8086/",
                "--influx-org", "acme", "--influx-bucket", "sitewatch/autogen", "--influx-token-file", token.toString())
                .common.storeSettings(Map.of("SITEWATCH_INFLUX_TOKEN", "not-this-one"));
        assertThat(s.kind()).isEqualTo(StoreKind.INFLUXDB);
        assertThat(s.influx().url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(s.influx().org()).isEqualTo("acme");
        assertThat(s.influx().database()).isEqualTo("sitewatch");
        assertThat(s.influx().retentionPolicy()).isEqualTo("autogen");
        assertThat(s.influx().token()).isEqualTo("s3cr3t-influx-token");
    }

    @Test
    void withoutATokenFileTheTokenComesFromTheEnvironment() {
        StoreSettings s = parse("--config", "c.json", "--store", "influxdb").common
                .storeSettings(Map.of("SITEWATCH_INFLUX_TOKEN", "from-the-env"));
        assertThat(s.influx().token()).isEqualTo("from-the-env");
        assertThat(s.influx().url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(s.influx().org()).isEqualTo("sitewatch");
    }
}
