package io.sitewatch.stats.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed roll-up layout: whatever order statuses, errors and bins arrive in, nothing moves or is lost. */
class RollupTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void binsGrowBothWaysAndCountersInsertedLaterKeepTheBinsInPlace() {
        // a mid-range time first, then one below and one far above (the bins re-grid both ways), then a new
        // status and an error class (a counter inserted in front of the bins), then more of each
        List<Measurement> points = List.of(
                up(0, 200, 120.0), up(1, 200, 0.4), up(2, 200, 250_000.0), up(3, 503, 80.0),
                down(4, ErrorClass.TIMEOUT), up(5, 200, 121.0), up(6, 301, 0.9), down(7, ErrorClass.DNS),
                up(8, 503, 79.0), down(9, ErrorClass.TIMEOUT), up(10, 200, 250_000.0));
        SiteStats stats = merge(points);

        assertThat(stats.checks()).isEqualTo(11);
        assertThat(stats.samples()).isEqualTo(11);
        assertThat(stats.statusCodes()).isEqualTo(Map.of("200", 5L, "503", 2L, "301", 1L));
        assertThat(stats.errors()).isEqualTo(Map.of("TIMEOUT", 2L, "DNS", 1L));
        assertThat(stats.responseMs().max()).isEqualTo(250_000.0);
        assertThat(stats.responseMs().avg()).isCloseTo((120 + 0.4 + 250_000 + 80 + 121 + 0.9 + 79 + 250_000) / 8.0,
                within(1e-9));
        // nearest rank over the 8 response times: p50 is the 4th (80 → its bin), p95/p99 the 8th (the max)
        assertThat(stats.responseMs().p50()).isCloseTo(80.0, within(80.0 * 0.025));
        assertThat(stats.responseMs().p99()).isEqualTo(250_000.0);
        assertThat(stats.lastCheck()).isEqualTo(T0.plusSeconds(10));
        assertThat(stats.lastUp()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void randomPointsMergeToTheSameCountsAsTheyWereAdded() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<Measurement> points = new ArrayList<>();
            long[] binCounts = new long[ResponseHistogram.BINS];
            int n = 1 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                double ms = Math.exp(random.nextDouble() * 12) - 1; // 0 ms .. ~45 s
                int status = 100 + random.nextInt(500);
                Measurement m = random.nextInt(5) == 0 ? down(i, ErrorClass.values()[random.nextInt(4)])
                        : up(i, status, ms);
                if (m.responseMs() != null) {
                    binCounts[ResponseHistogram.bin(m.responseMs())]++;
                }
                points.add(m);
            }
            long[] r = Rollup.empty();
            for (Measurement m : points) {
                r = Rollup.add(r, m, m.time().toEpochMilli());
            }
            long[] unpacked = new long[ResponseHistogram.BINS];
            int base = Rollup.HEADER + Rollup.counters(r);
            int sparse = 0;
            for (int i = Rollup.HEADER; i < base; i++) {
                int key = (int) (r[i] >>> 48);
                if ((key & (3 << 14)) == Rollup.BIN_KIND) {
                    unpacked[key & 0xFF] += r[i] & ((1L << 48) - 1);
                    sparse++;
                }
            }
            int first = Rollup.firstBin(r);
            for (int i = 0; i < Rollup.bins(r); i++) {
                unpacked[first + i] += (r[base + (i >> 1)] >>> ((i & 1) * 32)) & 0xFFFF_FFFFL;
            }
            assertThat(unpacked).as("round %d", round).isEqualTo(binCounts);
            assertThat(r[Rollup.CHECKS]).isEqualTo(n);
            assertThat(r.length).isEqualTo(base + (Rollup.bins(r) + 1) / 2);
            // bins are either all counters (at most SPARSE_BINS of them) or all dense
            assertThat(sparse == 0 || Rollup.bins(r) == 0).isTrue();
            assertThat(sparse).isLessThanOrEqualTo(Rollup.SPARSE_BINS);
            long distinct = java.util.Arrays.stream(binCounts).filter(c -> c > 0).count();
            assertThat(Rollup.bins(r) > 0).as("dense once past %d distinct bins", Rollup.SPARSE_BINS)
                    .isEqualTo(distinct > Rollup.SPARSE_BINS);
        }
    }

    private static SiteStats merge(List<Measurement> points) {
        long[] r = Rollup.empty();
        for (Measurement m : points) {
            r = Rollup.add(r, m, m.time().toEpochMilli());
        }
        WindowAccumulator acc = new WindowAccumulator();
        Rollup.mergeInto(r, acc);
        return acc.toStats("s");
    }

    private static Measurement up(int i, int status, double ms) {
        return new Measurement("m" + i, "s", "https://s.example/", "p", "eu", T0.plusSeconds(i), true, status, ms,
                ms / 2, null, null, null, 10L, null);
    }

    private static Measurement down(int i, ErrorClass errorClass) {
        return new Measurement("m" + i, "s", "https://s.example/", "p", "eu", T0.plusSeconds(i), false, null, null,
                null, null, null, null, null, new MeasurementError(errorClass, "x"));
    }
}
