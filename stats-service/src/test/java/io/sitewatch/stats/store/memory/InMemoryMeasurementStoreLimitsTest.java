package io.sitewatch.stats.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.Measurement;
import io.sitewatch.stats.store.BruteForce;
import io.sitewatch.stats.store.Histories;
import io.sitewatch.stats.store.MeasurementStoreContract;
import io.sitewatch.store.MeasurementStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What only the memory store does: retention, the future allowance, bucket resolution, first key wins. */
class InMemoryMeasurementStoreLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final InMemoryMeasurementStore store = new InMemoryMeasurementStore(Duration.ofHours(1),
            Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));

    private static Measurement up(String id, String prober, Instant time, double ms) {
        return new Measurement(id, "a", "https://a.example/", prober, "eu", time, true, 200, ms, ms / 2, null, null,
                null, 1L, null);
    }

    @Test
    void dropsPointsOutsideRetentionAndTooFarAhead() {
        store.write(List.of(up("old", "p", NOW.minus(Duration.ofHours(1)), 5),
                up("future", "p", NOW.plus(Duration.ofMinutes(6)), 5),
                up("ok", "p", NOW.minus(Duration.ofMinutes(59)), 5),
                up("soon", "p", NOW.plus(Duration.ofMinutes(4)), 5),
                up("year-9999", "p", Measurement.LATEST, 5),
                up("year-0", "p", Measurement.EARLIEST, 5)));
        assertThat(store.droppedOutOfRange()).isEqualTo(4);
        assertThat(store.written()).isEqualTo(2);
        assertThat(store.stats(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(1)), "a").get(0).checks()).isEqualTo(2);
    }

    @Test
    void answersAtBucketResolutionWideningTheWindow() {
        store.write(List.of(up("1", "p", NOW.minusSeconds(15), 5), up("2", "p", NOW.minusSeconds(5), 7)));
        // (now−12s, now−4s] widens to (now−20s, now]: both points
        assertThat(store.stats(NOW.minusSeconds(12), NOW.minusSeconds(4), null).get(0).checks()).isEqualTo(2);
        assertThat(store.align(NOW.minusSeconds(12), NOW.minusSeconds(4)))
                .isEqualTo(new MeasurementStore.Window(NOW.minusSeconds(20), NOW));
        // a point exactly on a boundary belongs to the bucket that ends there: (now−10s, now]
        store.write(List.of(up("3", "p", NOW.minusSeconds(20), 9)));
        assertThat(store.stats(NOW.minusSeconds(20), NOW, null).get(0).checks()).isEqualTo(2);
    }

    @Test
    void theFirstPointWithAKeyWinsAndOtherProbersAreDistinct() {
        Instant t = NOW.minusSeconds(30);
        store.write(List.of(up("1", "p1", t, 5)));
        store.write(List.of(up("1-again", "p1", t, 500), up("2", "p2", t, 7)));
        var stats = store.stats(NOW.minus(Duration.ofMinutes(1)), NOW, "a").get(0);
        assertThat(stats.checks()).isEqualTo(2);
        assertThat(stats.responseMs().max()).isEqualTo(7.0);
        assertThat(store.duplicates()).isEqualTo(1);
    }

    @Test
    void rollUpsGiveTheSameAnswerAsBucketsForWindowsWithRaggedEdges() {
        Instant start = NOW.minus(Duration.ofMinutes(55));
        List<Measurement> points = Histories.random(99, 3, 2, start, Duration.ofMinutes(50), Duration.ofSeconds(10));
        store.write(points);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 40; i++) {
            int a = random.nextInt(300);
            int b = a + 1 + random.nextInt(300 - a);
            Instant from = start.plusSeconds(10L * a);
            Instant to = start.plusSeconds(10L * b);
            for (var actual : store.stats(from, to, null)) {
                List<Measurement> in = BruteForce.in(points, actual.site(), from, to);
                MeasurementStoreContract.assertSame(BruteForce.stats(actual.site(), in), actual,
                        BruteForce.responseTimes(in));
            }
        }
    }

    @Test
    void percentilesComeFromTheHistogramWithinTwoAndAHalfPercent() {
        for (int i = 1; i <= 1000; i++) {
            store.write(List.of(up("x" + i, "p" + i, NOW.minusSeconds(30).plusMillis(i), i)));
        }
        var timing = store.stats(NOW.minus(Duration.ofMinutes(1)), NOW, "a").get(0).responseMs();
        assertThat(timing.p50()).isBetween(500 * 0.975, 500 * 1.025);
        assertThat(timing.p95()).isBetween(950 * 0.975, 950 * 1.025);
        assertThat(timing.p99()).isBetween(990 * 0.975, 990 * 1.025);
        assertThat(timing.max()).isEqualTo(1000.0);
        assertThat(timing.avg()).isEqualTo(500.5);
    }

    @Test
    void moreProberIdsThanTheDuplicateKeysHoldStillIngest() {
        // a crash-looping prober gets a new default id (host and pid) on every start: ingest failed for good at 65,536
        int probers = Bucket.MAX_PROBERS + 100;
        List<Measurement> batch = new ArrayList<>(probers);
        for (int i = 0; i < probers; i++) {
            batch.add(up("m" + i, "prober-" + i, NOW.minusSeconds(1 + i % 500), 5));
        }
        store.write(batch);
        assertThat(store.written() + store.duplicates()).isEqualTo(probers);
        assertThat(store.written()).isGreaterThan(probers - 100L);
    }
}
