package io.sitewatch.canary.harness;

import io.sitewatch.canary.sim.SiteBehavior;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated sites of a canary run and what each is expected to do:
 * <ul>
 *   <li>{@link Kind#HEALTHY}: always up (latency 5–80 ms); must never alert.</li>
 *   <li>{@link Kind#FLAKY}: one request in 20 answers 503 — even if every failure of the cycle fell to one of
 *       two probers sharing the site, availability stays at 90 %; must never alert.</li>
 *   <li>{@link Kind#OUTAGE}: one scripted outage (503) long enough to alert — about a tenth of the sites; must
 *       send DOWN during it and RECOVERED after it.</li>
 *   <li>{@link Kind#HOSTILE} (with the {@code hostile} fault): endless body, slow headers, redirect loop,
 *       connection reset, huge headers, a hanging server and a self-signed certificate; their alerts are
 *       only checked against the rule.</li>
 * </ul>
 */
public final class SitePlan {
    /** What a site is expected to do. */
    public enum Kind { HEALTHY, FLAKY, OUTAGE, HOSTILE }

    /**
     * One site.
     *
     * @param name     site id
     * @param kind     expectation
     * @param behavior how it answers
     * @param https    whether it is checked over HTTPS (the self-signed certificate)
     * @param outage   its scripted outage, or null
     */
    public record PlannedSite(String name, Kind kind, SiteBehavior behavior, boolean https, ScriptedOutage outage) {
    }

    private final List<PlannedSite> sites;

    private SitePlan(List<PlannedSite> sites) {
        this.sites = List.copyOf(sites);
    }

    public List<PlannedSite> sites() {
        return sites;
    }

    /**
     * The shortest run whose first scripted outage can be alerted before the checks stop: a full window of
     * checks first, then enough failed checks to take the window below the threshold, and two intervals more.
     */
    public static Duration shortestRun(Duration interval, Duration window, double threshold) {
        long w = window.toMillis();
        long i = interval.toMillis();
        long earliest = w + 2 * i;
        return Duration.ofMillis(earliest + (long) Math.ceil((1 - threshold) * w) + 2 * i);
    }

    /**
     * Plans {@code count} sites for checks from {@code start} for {@code duration}: outages start once a full
     * window of samples exists and are spread so that, where the run is long enough, each has a window and a
     * few intervals after it to recover in.
     */
    public static SitePlan of(int count, Instant start, Duration duration, Duration interval, Duration window,
                              double threshold, boolean hostile) {
        if (count < 3) {
            throw new IllegalArgumentException("--sites must be at least 3 (healthy, flaky, outage), was " + count);
        }
        List<PlannedSite> out = new ArrayList<>();
        int outages = Math.max(1, count / 10);
        int flaky = Math.max(1, count / 10);
        long w = window.toMillis();
        long i = interval.toMillis();
        // down long enough for (1 − threshold) of a window plus two checks, at least four checks and half a window
        long length = Math.max(Math.max(4 * i, w / 2), (long) Math.ceil((1 - threshold) * w) + 2 * i);
        long earliest = w + 2 * i;
        long latest = Math.max(earliest, duration.toMillis() - length - w - 3 * i);
        for (int k = 0; k < outages; k++) {
            long offset = outages == 1 ? earliest : earliest + (latest - earliest) * k / (outages - 1);
            Instant from = start.plusMillis(offset);
            Instant until = from.plusMillis(length);
            String name = String.format("outage-%03d", k + 1);
            out.add(new PlannedSite(name, Kind.OUTAGE,
                    SiteBehavior.builder().latency(Duration.ofMillis(20 + k % 40)).outage(from, until).build(), false,
                    new ScriptedOutage(name, from.toEpochMilli(), until.toEpochMilli())));
        }
        for (int k = 0; k < flaky; k++) {
            int[] statuses = new int[20];
            java.util.Arrays.fill(statuses, 200);
            statuses[19] = 503;
            out.add(new PlannedSite(String.format("flaky-%03d", k + 1), Kind.FLAKY,
                    SiteBehavior.builder().latency(Duration.ofMillis(10 + k % 30)).statusSequence(statuses).build(),
                    false, null));
        }
        for (int k = 0; out.size() < count; k++) {
            out.add(new PlannedSite(String.format("ok-%03d", k + 1), Kind.HEALTHY,
                    SiteBehavior.latency(Duration.ofMillis(5 + (k * 7) % 76)), false, null));
        }
        if (hostile) {
            out.add(hostile("hostile-endless-body", SiteBehavior.endlessBody(), false));
            out.add(hostile("hostile-slow-headers", SiteBehavior.slowHeaders(Duration.ofMillis(400), 50), false));
            out.add(hostile("hostile-redirect-loop", SiteBehavior.redirectLoop(), false));
            out.add(hostile("hostile-reset", SiteBehavior.connectionReset(), false));
            out.add(hostile("hostile-huge-headers", SiteBehavior.hugeHeaders(1024 * 1024), false));
            out.add(hostile("hostile-hang", SiteBehavior.hang(), false));
            out.add(hostile("hostile-invalid-tls", SiteBehavior.ok(), true));
        }
        return new SitePlan(out);
    }

    private static PlannedSite hostile(String name, SiteBehavior behavior, boolean https) {
        return new PlannedSite(name, Kind.HOSTILE, behavior, https, null);
    }

    public List<ScriptedOutage> outages() {
        return sites.stream().filter(s -> s.outage() != null).map(PlannedSite::outage).toList();
    }

    /** Sites that must never alert: healthy and flaky. */
    public java.util.Set<String> quietSites() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        sites.stream().filter(s -> s.kind() == Kind.HEALTHY || s.kind() == Kind.FLAKY).forEach(s -> out.add(s.name()));
        return out;
    }
}
