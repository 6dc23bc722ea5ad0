package io.sitewatch.dashboard.console;

import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the console shows: the latest snapshot of each view, the alerts (newest first) and the connection state. */
public final class ConsoleModel {
    static final int MAX_ALERTS = 500;
    private static final Comparator<Alert> NEWEST_FIRST =
            Comparator.comparing(Alert::time).thenComparing(Alert::id).reversed();

    private final Map<Duration, ViewSnapshot> views = new TreeMap<>();
    private final TreeSet<Alert> alerts = new TreeSet<>(NEWEST_FIRST);
    private final Map<String, String> alertIds = new HashMap<>();
    private final Map<String, Alert> latestBySite = new HashMap<>();
    private boolean connected;
    private String problem;
    private long version;

    /** @return true when the view is new or changed */
    public synchronized boolean view(ViewSnapshot snapshot) {
        views.put(snapshot.window(), snapshot);
        version++;
        return true;
    }

    /** @return true when the alert was not known yet */
    public synchronized boolean alert(Alert alert) {
        if (alertIds.putIfAbsent(alert.id(), alert.site()) != null) {
            return false;
        }
        alerts.add(alert);
        if (alerts.size() > MAX_ALERTS) {
            Alert oldest = alerts.pollLast();
            alertIds.remove(oldest.id());
        }
        latestBySite.merge(alert.site(), alert, (old, now) -> now.time().isBefore(old.time()) ? old : now);
        version++;
        return true;
    }

    public synchronized void connection(boolean isConnected, String why) {
        connected = isConnected;
        problem = why;
        version++;
    }

    public synchronized List<ViewSnapshot> views() {
        return new ArrayList<>(views.values());
    }

    public synchronized List<Alert> alerts(int limit) {
        return alerts.stream().limit(limit).toList();
    }

    /** DOWN, UP (after RECOVERED), NO DATA, or null when no alert was seen for the site. */
    public synchronized String status(String site) {
        Alert a = latestBySite.get(site);
        if (a == null) {
            return null;
        }
        return a.type() == AlertType.DOWN ? "DOWN" : a.type() == AlertType.RECOVERED ? "UP" : "NO DATA";
    }

    public synchronized boolean connected() {
        return connected;
    }

    public synchronized String problem() {
        return problem;
    }

    public synchronized long version() {
        return version;
    }
}
