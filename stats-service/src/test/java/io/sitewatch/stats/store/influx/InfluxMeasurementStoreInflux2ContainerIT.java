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
 * The contract against InfluxDB 2.7 (native v2 write API, InfluxQL through the virtual DBRP mapping of each
 * bucket; the store creates every bucket itself). Needs Docker: skipped, visibly, without it.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class InfluxMeasurementStoreInflux2ContainerIT extends MeasurementStoreContract {
    private static final String TOKEN = "sitewatch-test-token";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Container
    @SuppressWarnings("resource")
    static final InfluxDBContainer<?> INFLUX = new InfluxDBContainer<>(DockerImageName.parse("influxdb:2.7"))
            .withOrganization("sitewatch")
            .withBucket("sitewatch")
            .withUsername("sitewatch")
            .withPassword("sitewatch-password")
            .withAdminToken(TOKEN);

    @Override
    protected MeasurementStore newStore() {
        return new InfluxMeasurementStore(InfluxSettings.of(INFLUX.getUrl(), "sitewatch",
                "contract_" + BUCKETS.incrementAndGet(), TOKEN));
    }
}
