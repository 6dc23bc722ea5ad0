package io.sitewatch.stats.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/** The ingest loop's meters (Prometheus names in brackets). */
public final class IngestMetrics {
    /** Measurements handed to the store in durable batches [sitewatch_stats_ingested_total]. */
    final Counter ingested;
    /** Records that were not measurements, sent to the DLQ [sitewatch_stats_poison_total]. */
    final Counter poison;
    /** Store writes that failed (each retry counts) [sitewatch_stats_store_errors_total]. */
    final Counter storeErrors;
    /** Duration of one durable batch write [sitewatch_stats_batch_duration_seconds]. */
    final Timer batchWrite;
    /** Batch sizes [sitewatch_stats_batch_size_measurements]. */
    final io.micrometer.core.instrument.DistributionSummary batchSize;
    /** 1 while consumption is paused because the store is unavailable [sitewatch_stats_ingest_paused]. */
    final AtomicInteger paused = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        ingested = Counter.builder("sitewatch.stats.ingested").description("measurements written to the store")
                .register(registry);
        poison = Counter.builder("sitewatch.stats.poison").description("records sent to the dead-letter topic")
                .register(registry);
        storeErrors = Counter.builder("sitewatch.stats.store.errors").description("failed store writes")
                .register(registry);
        batchWrite = Timer.builder("sitewatch.stats.batch.duration").description("durable write of one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        batchSize = io.micrometer.core.instrument.DistributionSummary.builder("sitewatch.stats.batch.size")
                .baseUnit("measurements").description("measurements per batch").register(registry);
        registry.gauge("sitewatch.stats.ingest.paused", paused);
    }
}
