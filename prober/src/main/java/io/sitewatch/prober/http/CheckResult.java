package io.sitewatch.prober.http;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import java.time.Instant;

/**
 * What one check of a site found, before it is stamped with the prober's identity and the scheduled time.
 * Timings are milliseconds with sub-millisecond precision; null when the phase did not happen.
 */
public record CheckResult(
        boolean up,
        Integer status,
        Double responseMs,
        Double ttfbMs,
        Double dnsMs,
        Double connectMs,
        Double tlsMs,
        Long bytes,
        MeasurementError error) {

    public CheckResult {
        if (up && error != null) {
            throw new IllegalArgumentException("checkResult.error must be null when up, was " + error.errorClass());
        }
        if (!up && error == null) {
            throw new IllegalArgumentException("checkResult.error must be set when down");
        }
    }

    /** The class of the failure, or null when up. */
    public ErrorClass errorClass() {
        return error == null ? null : error.errorClass();
    }

    public Measurement toMeasurement(String id, String site, String url, String prober, String region, Instant time) {
        return new Measurement(id, site, url, prober, region, time, up, status, responseMs, ttfbMs, dnsMs, connectMs,
                tlsMs, bytes, error);
    }
}
