package io.sitewatch.stats.store;

import io.sitewatch.stats.store.influx.InfluxSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Which store and how: the memory store's retention, InfluxDB's connection (null unless {@code kind} is
 * {@link StoreKind#INFLUXDB}).
 */
public record StoreSettings(StoreKind kind, Duration retention, InfluxSettings influx) {
    public StoreSettings {
        Objects.requireNonNull(kind, "store kind");
        if (retention == null || retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1m, was " + retention);
        }
        if (kind == StoreKind.INFLUXDB && influx == null) {
            throw new IllegalArgumentException("the influxdb store needs its URL, org, bucket and token");
        }
    }

    public static StoreSettings memory(Duration retention) {
        return new StoreSettings(StoreKind.MEMORY, retention, null);
    }

    public static StoreSettings influx(InfluxSettings influx) {
        return new StoreSettings(StoreKind.INFLUXDB, Duration.ofHours(24), influx);
    }
}
