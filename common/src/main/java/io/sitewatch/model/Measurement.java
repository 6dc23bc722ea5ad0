package io.sitewatch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of one check of one site, as published on {@code sitewatch.measurements}.
 *
 * @param id         unique per check (used to count duplicates once)
 * @param site       the site id (the key of the record)
 * @param url        the checked URL, without credentials or query string
 * @param prober     the prober instance that ran the check
 * @param region     the prober's region
 * @param time       the scheduled start of the check (event time)
 * @param up         true if up, false if down, null when the check could not run ({@code PROBER_OVERLOADED})
 * @param status     the HTTP status, or null when no response arrived
 * @param responseMs request start to last body byte
 * @param ttfbMs     request start to first response byte
 * @param dnsMs      DNS lookup
 * @param connectMs  TCP connect (including TLS when HTTPS)
 * @param tlsMs      TLS handshake
 * @param bytes      body bytes read
 * @param error      why the check failed, or null when it passed
 */
public record Measurement(
        String id,
        String site,
        String url,
        String prober,
        String region,
        Instant time,
        Boolean up,
        Integer status,
        Double responseMs,
        Double ttfbMs,
        Double dnsMs,
        Double connectMs,
        Double tlsMs,
        Long bytes,
        MeasurementError error) {

    /**
     * The earliest and latest times a measurement may carry: four-digit years, so that every reader can turn the time
     * into epoch milliseconds (a year of a billion overflowed them and crashed a reader on every restart).
     */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public Measurement {
        requireText(id, "id");
        requireText(site, "site");
        Objects.requireNonNull(time, "measurement.time must not be null");
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new IllegalArgumentException("measurement.time must be between " + EARLIEST + " and " + LATEST
                    + ", was " + time);
        }
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("measurement.status must be 100..599, was " + status);
        }
        nonNegative(responseMs, "responseMs");
        nonNegative(ttfbMs, "ttfbMs");
        nonNegative(dnsMs, "dnsMs");
        nonNegative(connectMs, "connectMs");
        nonNegative(tlsMs, "tlsMs");
        if (bytes != null && bytes < 0) {
            throw new IllegalArgumentException("measurement.bytes must be >= 0, was " + bytes);
        }
        if (up == null && (error == null || error.errorClass() != ErrorClass.PROBER_OVERLOADED)) {
            throw new IllegalArgumentException("measurement.up may be null only for PROBER_OVERLOADED checks");
        }
        if (Boolean.TRUE.equals(up) && error != null) {
            throw new IllegalArgumentException("measurement.error must be null when up is true, was " + error.errorClass());
        }
    }

    /** True when this check counts for availability (it ran). */
    public boolean counts() {
        return up != null;
    }

    /** A check that could not start on time: recorded, never counted for or against the site. */
    public static Measurement overloaded(String id, String site, String url, String prober, String region,
                                         Instant time, String message) {
        return new Measurement(id, site, url, prober, region, time, null, null, null, null, null, null, null,
                null, new MeasurementError(ErrorClass.PROBER_OVERLOADED, message));
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("measurement." + field + " must not be empty");
        }
    }

    private static void nonNegative(Double value, String field) {
        if (value != null && (value < 0 || value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("measurement." + field + " must be a finite number >= 0, was " + value);
        }
    }
}
