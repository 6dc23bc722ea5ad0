package io.sitewatch.stats.store;

import io.sitewatch.stats.store.influx.InfluxMeasurementStore;
import io.sitewatch.stats.store.memory.InMemoryMeasurementStore;
import io.sitewatch.store.MeasurementStore;
import java.time.Clock;

/** The one place where the store is chosen. Creating a store does no I/O; call {@link MeasurementStore#check()}. */
public final class StoreFactory {
    private StoreFactory() {
    }

    public static MeasurementStore create(StoreSettings settings) {
        return switch (settings.kind()) {
            case MEMORY -> new InMemoryMeasurementStore(settings.retention(), InMemoryMeasurementStore.DEFAULT_BUCKET,
                    Clock.systemUTC());
            case INFLUXDB -> new InfluxMeasurementStore(settings.influx());
        };
    }
}
