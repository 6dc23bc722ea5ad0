package io.sitewatch.stats.store.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfluxSettingsTest {
    @Test
    void theTokenIsNeverShownAndTheBucketMapsToDatabaseAndRetentionPolicy() {
        InfluxSettings s = InfluxSettings.of("http://influx:8086/", "acme", "metrics/week", "t0ps3cret");
        assertThat(s.toString()).doesNotContain("t0ps3cret").contains("token=***");
        assertThat(s.url()).isEqualTo("http://influx:8086");
        assertThat(s.database()).isEqualTo("metrics");
        assertThat(s.retentionPolicy()).isEqualTo("week");
        assertThat(InfluxSettings.of("http://i:8086", "o", "sitewatch", "").retentionPolicy()).isNull();
    }

    @Test
    void rejectsCredentialsInTheUrlAndBadBuckets() {
        assertThatThrownBy(() -> InfluxSettings.of("http://user:pw@influx:8086", "o", "b", ""))
                .hasMessage("influx url must not carry credentials; pass the token separately");
        assertThatThrownBy(() -> InfluxSettings.of("influx:8086", "o", "b", ""))
                .hasMessageContaining("influx url must be http(s)://host:port");
        assertThatThrownBy(() -> InfluxSettings.of("http://i:8086", "o", "a/b/c", ""))
                .hasMessage("influx bucket must be a name or db/rp, was \"a/b/c\"");
    }
}
