package io.sitewatch.alerter;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Measurements for tests: {@code Checks.at(T0).site("a").up(0)} is an up check of site a at T0 + 0 s. */
public final class Checks {
    private static final AtomicLong SEQ = new AtomicLong();
    private final Instant t0;
    private final String site;

    private Checks(Instant t0, String site) {
        this.t0 = t0;
        this.site = site;
    }

    public static Checks at(Instant t0) {
        return new Checks(t0, "site");
    }

    public Checks site(String name) {
        return new Checks(t0, name);
    }

    public String site() {
        return site;
    }

    public String url() {
        return "https://" + site + ".example.com/health";
    }

    /** An up check at t0 + seconds. */
    public Measurement up(double seconds) {
        return of(null, seconds, true);
    }

    /** A down (TIMEOUT) check at t0 + seconds. */
    public Measurement down(double seconds) {
        return of(null, seconds, false);
    }

    /** A check the prober could not run on time, at t0 + seconds. */
    public Measurement overloaded(double seconds) {
        return Measurement.overloaded(nextId(), site, url(), "prober-1", "eu", time(seconds), "lag 6s");
    }

    /** A check with a given id (for duplicates). */
    public Measurement of(String id, double seconds, boolean up) {
        return new Measurement(id == null ? nextId() : id, site, url(), "prober-1", "eu", time(seconds), up,
                up ? 200 : null, up ? 42.0 : 5000.0, up ? 20.0 : null, 1.0, 2.0, 3.0, up ? 512L : 0L,
                up ? null : new MeasurementError(ErrorClass.TIMEOUT, "no response within 5s"));
    }

    public Instant time(double seconds) {
        return t0.plus(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private String nextId() {
        return site + "-" + SEQ.incrementAndGet();
    }
}
