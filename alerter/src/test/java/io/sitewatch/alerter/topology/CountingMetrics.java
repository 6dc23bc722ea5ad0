package io.sitewatch.alerter.topology;

import io.sitewatch.model.AlertType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the topology reports, for assertions. */
final class CountingMetrics implements AlerterMetrics {
    final Map<AlertType, AtomicInteger> alerts = new EnumMap<>(AlertType.class);
    final AtomicInteger late = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger deadLettered = new AtomicInteger();
    final AtomicInteger removed = new AtomicInteger();

    @Override
    public void alert(AlertType type) {
        alerts.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void lateDropped() {
        late.incrementAndGet();
    }

    @Override
    public void duplicate() {
        duplicates.incrementAndGet();
    }

    @Override
    public void deadLettered() {
        deadLettered.incrementAndGet();
    }

    @Override
    public void siteRemoved() {
        removed.incrementAndGet();
    }
}
