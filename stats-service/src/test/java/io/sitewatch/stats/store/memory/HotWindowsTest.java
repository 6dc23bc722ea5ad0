package io.sitewatch.stats.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.StatsReport;
import io.sitewatch.stats.api.StatsQueries;
import io.sitewatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sliding aggregates of hot windows answer exactly what summing the buckets answers: two stores take the same
 * writes — on time, late, duplicated, far out of order — while time moves on in small and large steps, one
 * keeping hot windows and one summing every query, and every query of the API's windows (10 s-aligned 10m and
 * 30s, minute-aligned 1h, one site or all, now and an hour ago) must agree.
 */
class HotWindowsTest {
    private static final String[] SITES = {"steady", "flaky", "tied", "silent-later", "down-later", "overloaded"};

    @Test
    void slidingAggregatesAgreeWithSummingTheBucketsThroughThreeHoursOfTraffic() {
        for (long seed = 1; seed <= 3; seed++) {
            run(seed);
        }
    }

    @Test
    void theLastFourWindowLengthsAreKeptAndAnIdleOneIsForgotten() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:03Z"));
        InMemoryMeasurementStore store = new InMemoryMeasurementStore(Duration.ofHours(24), Duration.ofSeconds(10),
                clock);
        StatsQueries queries = new StatsQueries(store, clock);
        store.write(List.of(point(new Random(1), "steady", "p1", clock.instant().minusSeconds(5), 0)));
        for (String w : List.of("1m", "10m", "30m", "1h", "2h")) {
            queries.report(io.sitewatch.time.Durations.parse(w), null);
        }
        // windows under an hour are widened outward to whole buckets (one more when now is inside a bucket);
        // an hour or more ends on a minute and is exact. The oldest, 1m, gave its slot to 2h.
        assertThat(store.hotWindows()).containsExactly(Duration.ofSeconds(610), Duration.ofSeconds(1810),
                Duration.ofHours(1), Duration.ofHours(2));
        clock.advance(InMemoryMeasurementStore.HOT_IDLE.plusMinutes(2));
        queries.report(Duration.ofHours(1), null);
        store.write(List.of(point(new Random(2), "steady", "p1", clock.instant().minusSeconds(5), 0)));
        assertThat(store.hotWindows()).containsExactly(Duration.ofHours(1));
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:58:07.250Z"));
        InMemoryMeasurementStore hot = new InMemoryMeasurementStore(Duration.ofHours(24), Duration.ofSeconds(10),
                clock);
        InMemoryMeasurementStore cold = new InMemoryMeasurementStore(Duration.ofHours(24), Duration.ofSeconds(10),
                clock, 0);
        StatsQueries hotQueries = new StatsQueries(hot, clock);
        StatsQueries coldQueries = new StatsQueries(cold, clock);
        Instant start = clock.instant();
        Instant end = start.plus(Duration.ofHours(3));
        List<Measurement> late = new ArrayList<>();
        List<Measurement> written = new ArrayList<>();
        Instant nextCheck = start;
        int queries = 0;
        while (clock.instant().isBefore(end)) {
            // a check of every site every 10 s, two probers; some held back and written late, some written twice
            List<Measurement> batch = new ArrayList<>();
            while (!nextCheck.isAfter(clock.instant())) {
                long minute = Duration.between(start, nextCheck).toMinutes();
                for (String site : SITES) {
                    for (String prober : List.of("p1", "p2")) {
                        Measurement m = point(random, site, prober, nextCheck.plusMillis(random.nextInt(4000)), minute);
                        if (m == null) {
                            continue;
                        }
                        int roll = random.nextInt(100);
                        if (roll < 10) {
                            late.add(m);
                        } else {
                            batch.add(m);
                        }
                    }
                }
                nextCheck = nextCheck.plusSeconds(10);
            }
            if (!late.isEmpty() && random.nextInt(4) == 0) {
                batch.addAll(late);
                late.clear();
            }
            if (!written.isEmpty() && random.nextInt(5) == 0) {
                batch.add(written.get(random.nextInt(written.size()))); // a duplicate
            }
            if (random.nextInt(40) == 0) { // far out of order: 50 minutes back
                batch.add(point(random, "steady", "p3", clock.instant().minus(Duration.ofMinutes(50)), 0));
            }
            hot.write(batch);
            cold.write(batch);
            written.addAll(batch);

            for (Duration window : List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(30))) {
                String site = random.nextInt(4) == 0 ? SITES[random.nextInt(SITES.length)] : null;
                assertSameReport(coldQueries.report(window, site), hotQueries.report(window, site),
                        "seed " + seed + " at " + clock.instant() + " window " + window + " site " + site);
                queries++;
            }
            if (random.nextInt(10) == 0) { // an older window of a hot length: answered by summing
                MutableClock past = new MutableClock(clock.instant().minus(Duration.ofMinutes(random.nextInt(90))));
                assertSameReport(new StatsQueries(cold, past).report(Duration.ofHours(1), null),
                        new StatsQueries(hot, past).report(Duration.ofHours(1), null), "seed " + seed + " past");
            }
            // small steps mostly, sometimes a long pause (longer than the 10m window)
            int roll = random.nextInt(100);
            clock.advance(Duration.ofMillis(roll < 90 ? 500 + random.nextInt(15_000)
                    : roll < 98 ? 60_000 + random.nextInt(120_000) : 11 * 60_000 + random.nextInt(60_000)));
        }
        assertThat(queries).isGreaterThan(500);
        // most answers came from aggregates kept or moved; rebuilds and sums are the exception, but all happened
        long kept = hot.hotAnswers(SiteBuckets.HotAnswer.KEPT);
        long moved = hot.hotAnswers(SiteBuckets.HotAnswer.MOVED);
        long built = hot.hotAnswers(SiteBuckets.HotAnswer.BUILT);
        long summed = hot.hotAnswers(SiteBuckets.HotAnswer.SUMMED);
        assertThat(kept + moved).as("kept %d moved %d built %d summed %d", kept, moved, built, summed)
                .isGreaterThan(3 * built);
        assertThat(kept).isPositive();
        assertThat(moved).isPositive();
        assertThat(summed).isPositive();
        assertThat(hot.hotWindows()).contains(Duration.ofHours(1));
    }

    /**
     * One check: "tied" repeats few response times (so the maximum often ties the buckets that leave the window);
     * "silent-later" pauses for an hour from minute 40 and for ten minutes from minute 120; "down-later" answers 503 (or nothing) from minute 60 on; "overloaded" alternates
     * overload records and failures; "flaky" fails one in three with several error classes.
     */
    private static Measurement point(Random random, String site, String prober, Instant time, long minute) {
        String id = site + "/" + prober + "/" + time.toEpochMilli();
        String url = "https://" + site + ".example/";
        double ms = switch (site) {
            case "tied" -> 100 * (1 + random.nextInt(3));
            default -> Math.round(Math.exp(random.nextGaussian() + 4.5) * 1000) / 1000.0;
        };
        switch (site) {
            case "silent-later": // silent for the length of each window, so its latest check leaves as new ones come
                if ((minute >= 40 && minute < 100) || (minute >= 120 && minute < 130)) {
                    return null;
                }
                break;
            case "down-later": // still answering, with 503s, so its response times go on while its ups stop
                if (minute >= 60) {
                    return random.nextInt(4) == 0 ? down(id, site, url, prober, time, ErrorClass.CONNECT)
                            : new Measurement(id, site, url, prober, "eu", time, false, 503, ms, ms / 2, 1.0, 1.0,
                            1.0, 10L, new MeasurementError(ErrorClass.STATUS, "503"));
                }
                break;
            case "overloaded":
                return random.nextBoolean() ? Measurement.overloaded(id, site, url, prober, "eu", time, "lag")
                        : down(id, site, url, prober, time, ErrorClass.TIMEOUT);
            case "flaky":
                if (random.nextInt(3) == 0) {
                    return random.nextBoolean()
                            ? new Measurement(id, site, url, prober, "eu", time, false, 503, ms, ms / 2, 1.0, 1.0, 1.0,
                            10L, new MeasurementError(ErrorClass.STATUS, "503"))
                            : down(id, site, url, prober, time, random.nextBoolean() ? ErrorClass.DNS : ErrorClass.TLS);
                }
                break;
            default:
                break;
        }
        return new Measurement(id, site, url, prober, "eu", time, true, random.nextInt(8) == 0 ? 301 : 200, ms,
                ms / 3, 1.0, 2.0, 3.0, 100L, null);
    }

    private static Measurement down(String id, String site, String url, String prober, Instant time, ErrorClass c) {
        return new Measurement(id, site, url, prober, "eu", time, false, null, null, null, null, null, null, null,
                new MeasurementError(c, c.name()));
    }

    private static void assertSameReport(StatsReport expected, StatsReport actual, String what) {
        assertThat(actual.from()).as(what).isEqualTo(expected.from());
        assertThat(actual.to()).as(what).isEqualTo(expected.to());
        assertThat(actual.sites()).extracting(SiteStats::site).as(what)
                .containsExactlyElementsOf(expected.sites().stream().map(SiteStats::site).toList());
        for (int i = 0; i < expected.sites().size(); i++) {
            SiteStats e = expected.sites().get(i);
            SiteStats a = actual.sites().get(i);
            String w = what + " " + e.site();
            assertThat(a.checks()).as(w + " checks").isEqualTo(e.checks());
            assertThat(a.samples()).as(w + " samples").isEqualTo(e.samples());
            assertThat(a.availability()).as(w + " availability").isEqualTo(e.availability());
            assertThat(a.statusCodes()).as(w + " statusCodes").isEqualTo(e.statusCodes());
            assertThat(a.errors()).as(w + " errors").isEqualTo(e.errors());
            assertThat(a.lastCheck()).as(w + " lastCheck").isEqualTo(e.lastCheck());
            assertThat(a.lastUp()).as(w + " lastUp").isEqualTo(e.lastUp());
            assertTiming(w + " responseMs", e.responseMs(), a.responseMs());
            assertTiming(w + " ttfbMs", e.ttfbMs(), a.ttfbMs());
        }
    }

    /** Sums added and subtracted round differently from sums added once: averages agree to 1e-9. */
    private static void assertTiming(String what, SiteStats.Timing e, SiteStats.Timing a) {
        if (e.avg() == null) {
            assertThat(a).as(what).isEqualTo(e);
            return;
        }
        assertThat(a.avg()).as(what + ".avg").isCloseTo(e.avg(), within(Math.abs(e.avg()) * 1e-9));
        assertThat(a.max()).as(what + ".max").isEqualTo(e.max());
        assertThat(a.p50()).as(what + ".p50").isEqualTo(e.p50());
        assertThat(a.p95()).as(what + ".p95").isEqualTo(e.p95());
        assertThat(a.p99()).as(what + ".p99").isEqualTo(e.p99());
    }
}
