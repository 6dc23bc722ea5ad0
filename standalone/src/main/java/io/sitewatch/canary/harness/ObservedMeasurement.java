package io.sitewatch.canary.harness;

/**
 * A measurement as read back from {@code sitewatch.measurements}.
 *
 * @param site            the site id (record key)
 * @param id              the measurement id
 * @param time            scheduled check time, epoch ms (event time)
 * @param up              true, false, or null for a check that did not run (PROBER_OVERLOADED)
 * @param responseMs      request start to last byte, or null
 * @param partition       the partition it was read from
 * @param offset          its offset there
 * @param recordTimestamp the record's timestamp (producer create time), epoch ms
 */
public record ObservedMeasurement(String site, String id, long time, Boolean up, Double responseMs,
                                  int partition, long offset, long recordTimestamp) {

    /** When the result existed: the scheduled time plus the response time, or the record time without one. */
    public long knownAt() {
        return responseMs == null ? recordTimestamp : time + Math.round(responseMs);
    }
}
