package io.sitewatch.dashboard.stats;

import io.sitewatch.model.SiteStats;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response-time points per site for the page's charts: one point per successful fetch of the shortest view
 * (its average, p95 and max over that window, and availability), the latest {@code capacity} points per site.
 * The page loads them once and then appends the points of each new {@code stats} event itself.
 */
public final class ResponseTimeHistory {
    /** One chart point; timings in milliseconds, null when no check got a response. */
    public record Point(Instant time, Double avg, Double p95, Double max, Double availability) {
    }

    private final int capacity;
    private final Map<String, Deque<Point>> bySite = new TreeMap<>();
    /** Index of the last recorded snapshot that had the site: a site missing from {@code capacity} snapshots goes. */
    private final Map<String, Long> lastSeen = new java.util.HashMap<>();
    private long snapshots;

    public ResponseTimeHistory(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void record(ViewSnapshot snapshot) {
        if (snapshot.stale() || snapshot.report() == null) {
            return;
        }
        Instant at = snapshot.report().to() != null ? snapshot.report().to() : snapshot.updatedAt();
        long now = ++snapshots;
        for (SiteStats s : snapshot.report().sites()) {
            lastSeen.put(s.site(), now);
            Deque<Point> points = bySite.computeIfAbsent(s.site(), k -> new ArrayDeque<>());
            if (!points.isEmpty() && !at.isAfter(points.peekLast().time())) {
                continue;
            }
            SiteStats.Timing t = s.responseMs() == null ? SiteStats.Timing.EMPTY : s.responseMs();
            points.addLast(new Point(at, t.avg(), t.p95(), t.max(), s.availability()));
            while (points.size() > capacity) {
                points.removeFirst();
            }
        }
        // bounded by the sites of the recent reports: a site gone from the stats for a whole chart span is dropped
        lastSeen.entrySet().removeIf(e -> {
            boolean gone = now - e.getValue() >= capacity;
            if (gone) {
                bySite.remove(e.getKey());
            }
            return gone;
        });
    }

    /** Sites with chart points. */
    public synchronized int sites() {
        return bySite.size();
    }

    /**
     * Adds points from before the first one held (the stats service's series, fetched once at start so that charts
     * are not empty after a restart); later points and points in the past of nothing held are kept in time order.
     */
    public synchronized void backfill(String site, List<Point> older) {
        Deque<Point> points = bySite.computeIfAbsent(site, k -> new ArrayDeque<>());
        lastSeen.putIfAbsent(site, snapshots);
        Instant first = points.isEmpty() ? Instant.MAX : points.peekFirst().time();
        List<Point> add = older.stream().filter(p -> p.time() != null && p.time().isBefore(first))
                .sorted(java.util.Comparator.comparing(Point::time)).toList();
        for (int i = add.size() - 1; i >= 0; i--) {
            points.addFirst(add.get(i));
        }
        while (points.size() > capacity) {
            points.removeFirst();
        }
    }

    public synchronized Map<String, List<Point>> all() {
        Map<String, List<Point>> out = new TreeMap<>();
        bySite.forEach((site, points) -> out.put(site, List.copyOf(points)));
        return out;
    }
}
