package io.sitewatch.stats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.stats.store.influx.InfluxMeasurementStore;
import io.sitewatch.stats.store.influx.InfluxSettings;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreFactoryTest {
    @Test
    void choosesTheStoreWithoutIo() {
        assertThat(StoreFactory.create(StoreSettings.memory(Duration.ofHours(2))))
                .isInstanceOfSatisfying(InMemoryMeasurementStore.class,
                        s -> assertThat(s.retention()).isEqualTo(Duration.ofHours(2)));
        // nothing listens on port 9: creating the store must not connect
        assertThat(StoreFactory.create(StoreSettings.influx(InfluxSettings.of("http://127.0.0.1:9", "o", "b", ""))))
                .isInstanceOf(InfluxMeasurementStore.class)
                .satisfies(s -> assertThat(s.kind()).isEqualTo("influxdb"));
    }

    @Test
    void storeKindsParseFromTheirFlags() {
        assertThat(StoreKind.parse("memory")).isEqualTo(StoreKind.MEMORY);
        assertThat(StoreKind.parse("InfluxDB")).isEqualTo(StoreKind.INFLUXDB);
        assertThatThrownBy(() -> StoreKind.parse("redis")).hasMessage("must be one of memory, influxdb, was \"redis\"");
    }
}
