package io.sitewatch.stats.store.influx;

import io.sitewatch.model.Measurement;
import java.time.Instant;

/**
 * One measurement as one InfluxDB line: measurement {@code check}, tags {@code site}, {@code prober},
 * {@code region} (the point's key with the time, so a replay overwrites), time in milliseconds.
 *
 * <p>Fields: {@code n=1i} always (counts checks), {@code up} 1/0 when the check ran, {@code status},
 * {@code response_ms} and {@code ttfb_ms} when a response arrived, one counter field {@code sc_<code>=1i} per
 * status and {@code err_<CLASS>=1i} per error class (so InfluxQL can count them with {@code COUNT(/regex/)}),
 * plus {@code id}, {@code dns_ms}, {@code connect_ms}, {@code tls_ms}, {@code bytes} for the record.
 */
final class LineProtocol {
    static final String MEASUREMENT = "check";
    /**
     * The times InfluxDB can hold at millisecond precision: it keeps nanoseconds since the epoch in a long, less two
     * reserved values, i.e. 1677-09-21T00:12:43.146Z to 2262-04-11T23:47:16.854Z. A point outside is refused with
     * HTTP 400, and with it the whole batch.
     */
    static final Instant MIN_TIME = Instant.ofEpochMilli(-9_223_372_036_854L);
    static final Instant MAX_TIME = Instant.ofEpochMilli(9_223_372_036_854L);

    private LineProtocol() {
    }

    /** True when InfluxDB can hold the point's time (see {@link #MIN_TIME}); {@link #line} needs it. */
    static boolean storable(Measurement m) {
        return !m.time().isBefore(MIN_TIME) && m.time().isBefore(MAX_TIME.plusMillis(1));
    }

    static String line(Measurement m) {
        StringBuilder b = new StringBuilder(192).append(MEASUREMENT);
        // an empty tag value is a syntax error that would refuse the whole batch
        tag(b, "prober", m.prober() == null || m.prober().isEmpty() ? "unknown" : m.prober());
        if (m.region() != null && !m.region().isEmpty()) {
            tag(b, "region", m.region());
        }
        tag(b, "site", m.site());
        b.append(" n=1i");
        if (m.up() != null) {
            b.append(",up=").append(m.up() ? "1i" : "0i");
        }
        if (m.status() != null) {
            b.append(",status=").append(m.status()).append('i');
            b.append(",sc_").append(m.status()).append("=1i");
            if (m.responseMs() != null) {
                b.append(",response_ms=").append(number(m.responseMs()));
            }
            if (m.ttfbMs() != null) {
                b.append(",ttfb_ms=").append(number(m.ttfbMs()));
            }
        }
        if (m.error() != null) {
            b.append(",err_").append(m.error().errorClass().name()).append("=1i");
        }
        field(b, "dns_ms", m.dnsMs());
        field(b, "connect_ms", m.connectMs());
        field(b, "tls_ms", m.tlsMs());
        if (m.bytes() != null) {
            b.append(",bytes=").append(m.bytes()).append('i');
        }
        b.append(",id=\"");
        for (int i = 0; i < m.id().length(); i++) {
            char c = m.id().charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c == '\n' ? ' ' : c);
        }
        b.append('"').append(' ').append(m.time().toEpochMilli());
        return b.toString();
    }

    /** Doubles as InfluxDB floats: plain decimal, round-tripping exactly. */
    private static String number(double v) {
        String s = Double.toString(v);
        return s.indexOf('E') < 0 ? s : new java.math.BigDecimal(v).toPlainString();
    }

    private static void field(StringBuilder b, String key, Double value) {
        if (value != null) {
            b.append(',').append(key).append('=').append(number(value));
        }
    }

    private static void tag(StringBuilder b, String key, String value) {
        b.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i) == '\n' ? ' ' : value.charAt(i); // a newline would end the line
            if (c == ',' || c == '=' || c == ' ' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
    }
}
