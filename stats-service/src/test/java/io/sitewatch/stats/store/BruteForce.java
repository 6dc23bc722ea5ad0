package io.sitewatch.stats.store;

import io.sitewatch.model.Measurement;
import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definition of the aggregates, computed the slow obvious way over raw points: the oracle of the
 * contract suite. Independent of every store's code on purpose.
 */
public final class BruteForce {
    private BruteForce() {
    }

    /** The points of {@code site} with from < time ≤ to (millisecond precision). */
    public static List<Measurement> in(List<Measurement> points, String site, Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : points) {
            long ms = m.time().toEpochMilli();
            if (m.site().equals(site) && ms > f && ms <= t) {
                out.add(m);
            }
        }
        return out;
    }

    /** Expected aggregates; percentiles are exact nearest-rank values (⌈p·n⌉). */
    public static SiteStats stats(String site, List<Measurement> points) {
        long checks = points.size();
        long samples = points.stream().filter(m -> m.up() != null).count();
        long ups = points.stream().filter(m -> Boolean.TRUE.equals(m.up())).count();
        List<Double> response = sorted(points.stream().filter(m -> m.status() != null && m.responseMs() != null)
                .map(Measurement::responseMs).toList());
        List<Double> ttfb = sorted(points.stream().filter(m -> m.status() != null && m.ttfbMs() != null)
                .map(Measurement::ttfbMs).toList());
        Map<String, Long> statuses = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        Instant lastCheck = null;
        Instant lastUp = null;
        for (Measurement m : points) {
            if (m.status() != null) {
                statuses.merge(Integer.toString(m.status()), 1L, Long::sum);
            }
            if (m.error() != null) {
                errors.merge(m.error().errorClass().name(), 1L, Long::sum);
            }
            Instant t = Instant.ofEpochMilli(m.time().toEpochMilli());
            lastCheck = lastCheck == null || t.isAfter(lastCheck) ? t : lastCheck;
            if (Boolean.TRUE.equals(m.up())) {
                lastUp = lastUp == null || t.isAfter(lastUp) ? t : lastUp;
            }
        }
        SiteStats.Timing r = response.isEmpty() ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(mean(response), response.get(response.size() - 1),
                        rank(response, 50), rank(response, 95), rank(response, 99));
        SiteStats.Timing tt = ttfb.isEmpty() ? SiteStats.Timing.EMPTY
                : new SiteStats.Timing(mean(ttfb), ttfb.get(ttfb.size() - 1), null, null, null);
        return new SiteStats(site, checks, samples, samples == 0 ? null : (double) ups / samples, r, tt,
                statuses, errors, lastCheck, lastUp);
    }

    /** The sorted response times of the points that got a response. */
    public static List<Double> responseTimes(List<Measurement> points) {
        return sorted(points.stream().filter(m -> m.status() != null && m.responseMs() != null)
                .map(Measurement::responseMs).toList());
    }

    /** Nearest rank: the value at 1-based rank ⌈p/100·n⌉. */
    public static double rank(List<Double> sorted, double p) {
        int r = (int) Math.max(1, Math.ceil(p / 100.0 * sorted.size()));
        return sorted.get(r - 1);
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        copy.sort(Comparator.naturalOrder());
        return copy;
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }
}
