package io.sitewatch.stats.ingest;

/** How the stats service reads the measurements topic. */
public enum IngestMode {
    /**
     * Consumer group {@code sitewatch-stats}: instances share the partitions, offsets are committed after each
     * durable write. For a shared, persistent store (InfluxDB).
     */
    GROUP,
    /**
     * No group: every instance assigns all partitions and starts at the retention horizon
     * ({@code offsetsForTimes}), rebuilding its own in-memory store; nothing is committed.
     */
    ALL_PARTITIONS
}
