package io.sitewatch.dashboard.console;

import io.sitewatch.dashboard.sites.SiteStatus;
import io.sitewatch.dashboard.sites.SiteView;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.AlertingPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the console shows: the latest snapshot of each view, the alerts (newest first), the sites on the targets
 * topic with the dashboard's status of each, and the connection state.
 */
public final class ConsoleModel {
    static final int MAX_ALERTS = 500;
    private static final Comparator<Alert> NEWEST_FIRST =
            Comparator.comparing(Alert::time).thenComparing(Alert::id).reversed();

    private final Map<Duration, ViewSnapshot> views = new TreeMap<>();
    private final TreeSet<Alert> alerts = new TreeSet<>(NEWEST_FIRST);
    private final Map<String, String> alertIds = new HashMap<>();
    private final Map<String, Alert> latestBySite = new HashMap<>();
    /** The dashboard's sites list, by id; null until its first {@code sites} event. */
    private Map<String, SiteView> sites;
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
        SiteView row = sites == null ? null : sites.get(alert.site());
        if (row != null && (row.statusSince() == null || alert.time().isAfter(row.statusSince()))) {
            // shown at once; the dashboard's next sites list (within about a second) has its word on it
            SiteStatus status = alert.type() == AlertType.DOWN ? SiteStatus.DOWN
                    : alert.type() == AlertType.RECOVERED ? SiteStatus.UP : SiteStatus.NO_DATA;
            sites.put(row.id(), row.withStatus(status, alert.time(), alert.message()));
        }
        version++;
        return true;
    }

    /** The dashboard's sites list (a {@code sites} event): from now on a site missing from it is REMOVED. */
    public synchronized void sites(List<SiteView> list) {
        Map<String, SiteView> byId = new HashMap<>();
        list.forEach(v -> byId.put(v.id(), v));
        sites = byId;
        version++;
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

    /**
     * The dashboard's status of the site (UP, DOWN, NO DATA), or REMOVED when the site is not on the targets topic any
     * more (it is not checked: the DOWN of its last alert is no longer true). Before the dashboard has sent its sites
     * list: from the latest alert (DOWN, UP after RECOVERED, NO DATA), or null when none was seen.
     */
    public synchronized String status(String site) {
        if (sites != null) {
            SiteView row = sites.get(site);
            if (row == null) {
                return "REMOVED";
            }
            return row.status() == SiteStatus.NO_DATA ? "NO DATA" : row.status().name();
        }
        Alert a = latestBySite.get(site);
        if (a == null) {
            return null;
        }
        return a.type() == AlertType.DOWN ? "DOWN" : a.type() == AlertType.RECOVERED ? "UP" : "NO DATA";
    }

    /**
     * The availability below which the site alerts: from the dashboard's sites list, else the latest alert's, else the
     * alerter's default.
     */
    public synchronized double threshold(String site) {
        SiteView row = sites == null ? null : sites.get(site);
        if (row != null && row.threshold() != null) {
            return row.threshold();
        }
        Alert a = latestBySite.get(site);
        return a != null && a.threshold() > 0 ? a.threshold() : AlertingPolicy.DEFAULT_THRESHOLD;
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
