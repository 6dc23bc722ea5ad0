package io.sitewatch.alerter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sitewatch.alerter.topology.AlerterMetrics;
import io.sitewatch.model.AlertType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The topology's counters in Micrometer: {@code sitewatch_alerts_total{type}},
 * {@code sitewatch_alerter_late_records_dropped_total}, {@code sitewatch_alerter_duplicate_records_total},
 * {@code sitewatch_alerter_dlq_records_total}, {@code sitewatch_alerter_sites_removed_total}.
 * Under exactly-once a retried transaction may count its records twice; the alerts topic is the truth.
 */
public final class MicrometerAlerterMetrics implements AlerterMetrics {
    private final Map<AlertType, Counter> alerts = new EnumMap<>(AlertType.class);
    private final Counter late;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter removed;

    public MicrometerAlerterMetrics(MeterRegistry registry) {
        for (AlertType type : AlertType.values()) {
            alerts.put(type, Counter.builder("sitewatch.alerts").description("Alerts sent, by type")
                    .tag("type", type.name()).register(registry));
        }
        late = Counter.builder("sitewatch.alerter.late.records.dropped")
                .description("Measurements older than the site's newest minus the grace, dropped").register(registry);
        duplicates = Counter.builder("sitewatch.alerter.duplicate.records")
                .description("Measurements seen again (same id), counted once").register(registry);
        deadLettered = Counter.builder("sitewatch.alerter.dlq.records")
                .description("Records that are not valid measurements, sent to the dead-letter topic").register(registry);
        removed = Counter.builder("sitewatch.alerter.sites.removed")
                .description("Sites removed from the registry whose state was dropped").register(registry);
    }

    @Override
    public void alert(AlertType type) {
        alerts.get(type).increment();
    }

    @Override
    public void lateDropped() {
        late.increment();
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }

    @Override
    public void deadLettered() {
        deadLettered.increment();
    }

    @Override
    public void siteRemoved() {
        removed.increment();
    }
}
