package io.sitewatch.stats.store.influx;

import io.sitewatch.stats.store.MeasurementStoreContract;
import io.sitewatch.store.MeasurementStore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The contract against InfluxDB 1.8, whose own {@code /api/v2/write} takes the writes (no proxy).
 * Needs Docker: skipped, visibly, without it.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class InfluxMeasurementStoreInflux18ContainerIT extends MeasurementStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Container
    @SuppressWarnings("resource")
    static final InfluxDBContainer<?> INFLUX = new InfluxDBContainer<>(DockerImageName.parse("influxdb:1.8"))
            .withAuthEnabled(false);

    @Override
    protected MeasurementStore newStore() {
        return new InfluxMeasurementStore(InfluxSettings.of(INFLUX.getUrl(), "-",
                "contract_" + DATABASES.incrementAndGet() + "/autogen", ""));
    }
}
