package io.sitewatch.model;

import java.time.Instant;
import java.util.Map;

/**
 * Aggregates of one site over a window, as served by the stats service.
 *
 * @param site         the site id
 * @param checks       measurements in the window, overload records included
 * @param samples      checks that count for availability (up ≠ null)
 * @param availability up / samples, or null when there are no samples (no data is neither 0% nor 100%)
 * @param responseMs   response time over the checks that got a response
 * @param ttfbMs       time to first byte over the checks that got a response
 * @param statusCodes  count per HTTP status, keyed by the code as text
 * @param errors       count per error class
 * @param lastCheck    time of the latest check in the window
 * @param lastUp       time of the latest successful check in the window
 */
public record SiteStats(
        String site,
        long checks,
        long samples,
        Double availability,
        Timing responseMs,
        Timing ttfbMs,
        Map<String, Long> statusCodes,
        Map<String, Long> errors,
        Instant lastCheck,
        Instant lastUp) {

    public SiteStats {
        statusCodes = statusCodes == null ? Map.of() : Map.copyOf(statusCodes);
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    /**
     * Timing aggregates in milliseconds; every field is null when no check got a response. Percentiles may be
     * null where a store does not compute them (ttfb).
     */
    public record Timing(Double avg, Double max, Double p50, Double p95, Double p99) {
        public static final Timing EMPTY = new Timing(null, null, null, null, null);
    }
}
