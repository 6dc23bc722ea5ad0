package io.sitewatch.stats.bench;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic measurements: {@code sites} sites checked every 10 s for {@code ticks} intervals before {@code end}. */
final class BenchData {
    private BenchData() {
    }

    static List<Measurement> generate(int sites, int ticks, Instant end) {
        SplittableRandom random = new SplittableRandom(42);
        List<Measurement> out = new ArrayList<>(sites * ticks);
        Instant start = end.minusSeconds(10L * ticks);
        for (int t = 0; t < ticks; t++) {
            for (int s = 0; s < sites; s++) {
                Instant time = start.plusMillis(10_000L * t + offsetMs(s));
                out.add(one(s, t, time, random));
            }
        }
        return out;
    }

    /** Where in each 10 s site {@code s} is checked. */
    static int offsetMs(int s) {
        return (int) ((s * 7919L) % 10_000);
    }

    /** The check {@code seq} of site {@code s}: 3 % time out, the rest answer 200 in 20–420 ms. */
    static Measurement one(int s, long seq, Instant time, SplittableRandom random) {
        String site = "site-" + s;
        String id = site + "-" + seq;
        double ms = 20 + random.nextDouble() * 400;
        if (random.nextInt(100) < 3) {
            return new Measurement(id, site, "https://" + site + ".example/", "prober-1", "eu", time, false,
                    null, null, null, null, null, null, null, new MeasurementError(ErrorClass.TIMEOUT, "timeout"));
        }
        return new Measurement(id, site, "https://" + site + ".example/", "prober-1", "eu", time, true,
                200, ms, ms / 3, 1.2, 3.4, 5.6, 1024L, null);
    }

    static double percentile(long[] sortedNanos, double p) {
        int rank = (int) Math.max(1, Math.ceil(p / 100.0 * sortedNanos.length));
        return sortedNanos[rank - 1] / 1e6;
    }
}
