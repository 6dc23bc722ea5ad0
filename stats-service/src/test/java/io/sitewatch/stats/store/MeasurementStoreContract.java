package io.sitewatch.stats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import io.sitewatch.store.MeasurementStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one suite every {@link MeasurementStore} passes (subclass it and say how to make a fresh, empty store).
 *
 * <p>Aggregates over random histories must equal {@link BruteForce} over the same points: counts, samples,
 * availability, status and error counts, maxima, lastCheck and lastUp exactly; averages to 1e-9 relative
 * (summation order); percentiles within the stated tolerance: the estimate lies in
 * [0.95·v(r−1) − 1 ms, 1.05·v(r+1) + 1 ms], where v(r) is the exact nearest-rank value (r = ⌈p·n⌉) — the
 * memory store's histogram errs by at most 2.5 % and InfluxDB's PERCENTILE() rounds the rank rather than
 * ceiling it, so it may pick a neighbour.
 *
 * <p>Windows here are multiples of one minute, so every store's {@link MeasurementStore#resolution()} divides them.
 */
public abstract class MeasurementStoreContract {
    protected static final Duration INTERVAL = Duration.ofSeconds(10);

    protected MeasurementStore store;
    /** Histories start two hours ago on a minute boundary, well inside any retention. */
    protected Instant start;

    /** A fresh, empty store; {@link MeasurementStore#check()} is called before use. */
    protected abstract MeasurementStore newStore();

    /** How many writes a batch is split into (the caller batches). */
    protected int batchSize() {
        return 500;
    }

    @BeforeEach
    void openStore() {
        start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        store = newStore();
        store.check();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aggregatesOverRandomHistoriesEqualBruteForce() {
        List<Measurement> points = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            List<Measurement> more = Histories.random(seed, 4, 2, start, Duration.ofHours(1), INTERVAL);
            writeShuffled(more, new Random(seed));
            points.addAll(more);
            Random random = new Random(seed * 31);
            List<Instant[]> windows = new ArrayList<>();
            windows.add(new Instant[] {start, start.plus(Duration.ofHours(1))});
            windows.add(new Instant[] {start.minus(Duration.ofMinutes(5)), start.plus(Duration.ofMinutes(10))});
            for (int i = 0; i < 4; i++) {
                int a = random.nextInt(60);
                int b = a + 1 + random.nextInt(60 - a);
                windows.add(new Instant[] {start.plusSeconds(60L * a), start.plusSeconds(60L * b)});
            }
            for (Instant[] w : windows) {
                assertWindow(points, w[0], w[1], null);
                String one = points.get(random.nextInt(points.size())).site();
                assertWindow(points, w[0], w[1], one);
            }
        }
    }

    @Test
    void emptyWindowHasNoSitesAndOverloadOnlyHasNullAvailability() {
        List<Measurement> points = Histories.random(7, 2, 1, start, Duration.ofMinutes(10), INTERVAL);
        write(points);
        Instant later = start.plus(Duration.ofMinutes(30));
        assertThat(store.stats(later, later.plus(Duration.ofMinutes(10)), null)).isEmpty();
        assertThat(store.stats(later, later.plus(Duration.ofMinutes(10)), points.get(0).site())).isEmpty();
        assertThat(store.stats(start, start.plus(Duration.ofMinutes(10)), "no-such-site")).isEmpty();

        Instant t = start.plus(Duration.ofMinutes(40)).plusMillis(1234);
        write(List.of(Measurement.overloaded("o1", "busy", "https://busy.example/", "p1", "eu", t, "lag"),
                Measurement.overloaded("o2", "busy", "https://busy.example/", "p2", "eu", t.plusSeconds(10), "lag")));
        List<SiteStats> busy = store.stats(start.plus(Duration.ofMinutes(40)), start.plus(Duration.ofMinutes(41)), "busy");
        assertThat(busy).hasSize(1);
        assertThat(busy.get(0).checks()).isEqualTo(2);
        assertThat(busy.get(0).samples()).isZero();
        assertThat(busy.get(0).availability()).isNull();
        assertThat(busy.get(0).responseMs()).isEqualTo(SiteStats.Timing.EMPTY);
        assertThat(busy.get(0).errors()).containsEntry("PROBER_OVERLOADED", 2L);
        assertThat(busy.get(0).lastCheck()).isEqualTo(Instant.ofEpochMilli(t.plusSeconds(10).toEpochMilli()));
        assertThat(busy.get(0).lastUp()).isNull();
    }

    @Test
    void replayedBatchChangesNothing() {
        List<Measurement> points = Histories.random(11, 3, 2, start, Duration.ofMinutes(30), INTERVAL);
        write(points);
        Instant to = start.plus(Duration.ofMinutes(30));
        List<SiteStats> before = store.stats(start, to, null);
        List<MeasurementStore.SeriesPoint> seriesBefore = store.series(points.get(0).site(), start, to, Duration.ofMinutes(5));

        write(points);
        List<Measurement> again = new ArrayList<>(points.subList(0, points.size() / 3));
        Collections.shuffle(again, new Random(5));
        write(again);

        assertThat(store.stats(start, to, null)).isEqualTo(before);
        assertThat(store.series(points.get(0).site(), start, to, Duration.ofMinutes(5))).isEqualTo(seriesBefore);
        assertSame(BruteForce.stats(points.get(0).site(), BruteForce.in(points, points.get(0).site(), start, to)),
                before.get(0), BruteForce.responseTimes(BruteForce.in(points, points.get(0).site(), start, to)));
    }

    /**
     * A measurement is valid with any four-digit year and any prober text, but no store keeps a time outside its
     * range (the memory store its retention, InfluxDB 1677–2262): such points are dropped, never a failed
     * batch, which would stop ingest for good (the batch is retried forever, or the loop dies on every restart).
     */
    @Test
    void pointsNoStoreCanHoldAreDroppedAndTheRestOfTheBatchIsStored() {
        Instant t = start.plusSeconds(15);
        write(List.of(
                new Measurement("far-future", "odd", "https://odd.example/", "p1", "eu", Measurement.LATEST, true, 200, 1.0,
                        1.0, null, null, null, 1L, null),
                new Measurement("far-past", "odd", "https://odd.example/", "p1", "eu", Measurement.EARLIEST, true, 200, 1.0,
                        1.0, null, null, null, 1L, null),
                new Measurement("year-3000", "odd", "https://odd.example/", "p1", "eu",
                        Instant.parse("3000-01-01T00:00:00Z"), true, 200, 1.0, 1.0, null, null, null, 1L, null),
                new Measurement("ok", "odd", "https://odd.example/", "p1", "eu", t, true, 200, 5.0, 2.0, null, null,
                        null, 1L, null),
                new Measurement("no-prober", "odd", "https://odd.example/", "", "", t.plusSeconds(1), false, 503,
                        7.0, 3.0, null, null, null, 1L, null),
                new Measurement("newline", "odd", "https://odd.example/", "p\n2", "eu", t.plusSeconds(2), true, 200,
                        9.0, 4.0, null, null, null, 1L, null)));

        List<SiteStats> odd = store.stats(start, start.plus(Duration.ofMinutes(1)), "odd");
        assertThat(odd).singleElement().satisfies(s -> {
            assertThat(s.checks()).isEqualTo(3);
            assertThat(s.statusCodes()).isEqualTo(Map.of("200", 2L, "503", 1L));
            assertThat(s.responseMs().max()).isEqualTo(9.0);
        });
    }

    @Test
    void seriesBucketsEqualBruteForcePerStep() {
        List<Measurement> points = Histories.random(21, 2, 2, start, Duration.ofMinutes(20), INTERVAL);
        write(points);
        String site = points.get(0).site();
        Duration step = Duration.ofMinutes(1);
        Instant from = start.minus(step);
        Instant to = start.plus(Duration.ofMinutes(22));

        List<MeasurementStore.SeriesPoint> series = store.series(site, from, to, step);

        assertThat(series).hasSize(23);
        for (int i = 0; i < series.size(); i++) {
            MeasurementStore.SeriesPoint p = series.get(i);
            Instant end = from.plus(step.multipliedBy(i + 1));
            assertThat(p.time()).as("bucket %d end", i).isEqualTo(end);
            List<Measurement> in = BruteForce.in(points, site, end.minus(step), end);
            if (in.isEmpty()) {
                assertThat(p.stats().checks()).as("empty bucket %s", end).isZero();
                assertThat(p.stats().availability()).as("empty bucket %s", end).isNull();
            } else {
                assertSame(BruteForce.stats(site, in), p.stats(), BruteForce.responseTimes(in));
            }
        }
    }

    @Test
    void seriesRejectsAStepThatIsNotAMultipleOfTheResolutionOrTooManyPoints() {
        Instant to = start.plus(Duration.ofHours(1));
        assertThatThrownBy(() -> store.series("a", start, to, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> store.series("a", start.minus(Duration.ofDays(30)), to, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    // ---------------------------------------------------------------------------------------------

    protected void write(List<Measurement> points) {
        for (int i = 0; i < points.size(); i += batchSize()) {
            store.write(points.subList(i, Math.min(points.size(), i + batchSize())));
        }
    }

    private void writeShuffled(List<Measurement> points, Random random) {
        List<Measurement> copy = new ArrayList<>(points);
        Collections.shuffle(copy, random);
        write(copy);
    }

    private void assertWindow(List<Measurement> points, Instant from, Instant to, String site) {
        List<SiteStats> actual = store.stats(from, to, site);
        Map<String, List<Measurement>> expectedBySite = points.stream()
                .filter(m -> site == null || m.site().equals(site))
                .filter(m -> m.time().toEpochMilli() > from.toEpochMilli() && m.time().toEpochMilli() <= to.toEpochMilli())
                .collect(Collectors.groupingBy(Measurement::site));
        assertThat(actual).extracting(SiteStats::site).as("sites in (%s, %s] site=%s", from, to, site)
                .containsExactlyElementsOf(expectedBySite.keySet().stream().sorted().toList());
        Map<String, SiteStats> bySite = actual.stream().collect(Collectors.toMap(SiteStats::site, Function.identity()));
        expectedBySite.forEach((s, in) ->
                assertSame(BruteForce.stats(s, in), bySite.get(s), BruteForce.responseTimes(in)));
    }

    /** Exact where exact is promised, tolerances where stated. */
    public static void assertSame(SiteStats expected, SiteStats actual, List<Double> sortedResponses) {
        String what = expected.site();
        assertThat(actual.site()).isEqualTo(expected.site());
        assertThat(actual.checks()).as(what + " checks").isEqualTo(expected.checks());
        assertThat(actual.samples()).as(what + " samples").isEqualTo(expected.samples());
        if (expected.availability() == null) {
            assertThat(actual.availability()).as(what + " availability").isNull();
        } else {
            assertThat(actual.availability()).as(what + " availability").isCloseTo(expected.availability(), within(1e-12));
        }
        assertThat(actual.statusCodes()).as(what + " statusCodes").isEqualTo(expected.statusCodes());
        assertThat(actual.errors()).as(what + " errors").isEqualTo(expected.errors());
        assertThat(actual.lastCheck()).as(what + " lastCheck").isEqualTo(expected.lastCheck());
        assertThat(actual.lastUp()).as(what + " lastUp").isEqualTo(expected.lastUp());
        assertTiming(what + " ttfbMs", expected.ttfbMs(), actual.ttfbMs(), null);
        assertTiming(what + " responseMs", expected.responseMs(), actual.responseMs(), sortedResponses);
    }

    private static void assertTiming(String what, SiteStats.Timing expected, SiteStats.Timing actual, List<Double> sorted) {
        if (expected.avg() == null) {
            assertThat(actual.avg()).as(what + ".avg").isNull();
            assertThat(actual.max()).as(what + ".max").isNull();
            return;
        }
        assertThat(actual.avg()).as(what + ".avg").isCloseTo(expected.avg(), within(Math.abs(expected.avg()) * 1e-9 + 1e-9));
        assertThat(actual.max()).as(what + ".max").isEqualTo(expected.max());
        if (sorted == null) {
            return;
        }
        assertPercentile(what + ".p50", sorted, 50, actual.p50());
        assertPercentile(what + ".p95", sorted, 95, actual.p95());
        assertPercentile(what + ".p99", sorted, 99, actual.p99());
    }

    private static void assertPercentile(String what, List<Double> sorted, double p, Double actual) {
        int r = (int) Math.max(1, Math.ceil(p / 100.0 * sorted.size()));
        double low = sorted.get(Math.max(0, r - 2)) * 0.95 - 1;
        double high = sorted.get(Math.min(sorted.size() - 1, r)) * 1.05 + 1;
        assertThat(actual).as(what + " (exact nearest rank " + sorted.get(r - 1) + ")").isNotNull().isBetween(low, high);
    }
}
