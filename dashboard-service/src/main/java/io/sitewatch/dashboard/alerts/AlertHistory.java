package io.sitewatch.dashboard.alerts;

import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The most recent alerts, at most {@code capacity}, ordered by alert time (partitions of the topic interleave,
 * so arrival order is not time order). An alert id seen before is ignored, so a replayed record counts once.
 * Also remembers the latest alert of every site and its latest DOWN or RECOVERED, which give the site's current
 * status (a NO_DATA does not end a DOWN).
 */
public final class AlertHistory {
    private static final Comparator<Alert> BY_TIME = Comparator.comparing(Alert::time).thenComparing(Alert::id);

    private final int capacity;
    private final NavigableSet<Alert> alerts = new TreeSet<>(BY_TIME);
    private final Set<String> ids = new java.util.HashSet<>();
    private final Map<String, Alert> latestBySite = new HashMap<>();
    private final Map<String, Alert> latestUpDownBySite = new HashMap<>();
    private long evicted;

    public AlertHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history size must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds an alert; false when its id is already known (a duplicate), or when the history is full of newer alerts so
     * that it would leave at once: the topic read again from the beginning (the follower reconnecting) brings back
     * alerts evicted long ago, whose ids are no longer known, and they are not news to push to the clients. The
     * latest alert of its site is kept either way.
     */
    public synchronized boolean add(Alert alert) {
        latestBySite.merge(alert.site(), alert, (old, now) -> BY_TIME.compare(now, old) >= 0 ? now : old);
        if (alert.type() == AlertType.DOWN || alert.type() == AlertType.RECOVERED) {
            latestUpDownBySite.merge(alert.site(), alert, (old, now) -> BY_TIME.compare(now, old) >= 0 ? now : old);
        }
        if (ids.contains(alert.id())) {
            return false;
        }
        if (alerts.size() >= capacity && BY_TIME.compare(alert, alerts.first()) < 0) {
            return false;
        }
        ids.add(alert.id());
        alerts.add(alert);
        if (alerts.size() > capacity) {
            Alert oldest = alerts.pollFirst();
            ids.remove(oldest.id());
            evicted++;
        }
        return true;
    }

    /** Up to {@code limit} alerts, newest first, optionally of one site only. */
    public synchronized List<Alert> newest(int limit, String site) {
        List<Alert> out = new ArrayList<>(Math.min(limit, alerts.size()));
        for (Iterator<Alert> it = alerts.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            Alert a = it.next();
            if (site == null || site.equals(a.site())) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The latest DOWN or RECOVERED of each site (kept even after it leaves the bounded history): whether the alerter
     * holds the site down, whatever NO_DATA came after it.
     */
    public synchronized Map<String, Alert> latestUpDownBySite() {
        return Map.copyOf(latestUpDownBySite);
    }

    /** The latest alert of each site (kept even after the alert itself leaves the bounded history). */
    public synchronized Map<String, Alert> latestBySite() {
        return Map.copyOf(latestBySite);
    }

    public synchronized int size() {
        return alerts.size();
    }

    /** Alerts dropped, oldest first, because the history was full (they stay on the alerts topic). */
    public synchronized long evicted() {
        return evicted;
    }

    public int capacity() {
        return capacity;
    }
}
