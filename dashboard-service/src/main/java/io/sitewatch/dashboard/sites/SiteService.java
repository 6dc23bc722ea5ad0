package io.sitewatch.dashboard.sites;

import io.sitewatch.dashboard.alerts.AlertHistory;
import io.sitewatch.dashboard.stats.StatsViews;
import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.SiteStats;
import io.sitewatch.model.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The targets table: every target on the topic with its current status from the latest alert. */
public final class SiteService {
    private final SiteDirectory directory;
    private final AlertHistory alerts;
    private final StatsViews views;

    public SiteService(SiteDirectory directory, AlertHistory alerts, StatsViews views) {
        this.directory = directory;
        this.alerts = alerts;
        this.views = views;
    }

    /**
     * What {@link #sites()} is computed from, as a value: equal values give the same list (the directory's version,
     * the alerts taken in, the shortest view's latest fetch).
     */
    public Object inputs() {
        ViewSnapshot s = views.get(views.shortest().window()).orElse(null);
        return List.of(directory.version(), alerts.size() + alerts.evicted(),
                String.valueOf(s == null ? null : s.checkedAt()));
    }

    public List<SiteView> sites() {
        Map<String, Alert> latest = alerts.latestBySite();
        Map<String, Alert> latestUpDown = alerts.latestUpDownBySite();
        Map<String, Instant> lastCheck = lastChecks();
        return directory.all().stream()
                .map(t -> view(t, latest.get(t.id()), latestUpDown.get(t.id()), lastCheck.get(t.id()))).toList();
    }

    /**
     * NO_DATA after a NO_DATA alert until a check newer than that alert shows up in the shortest view; otherwise
     * DOWN while the latest DOWN or RECOVERED is DOWN (a NO_DATA never ends a DOWN: the alerter still holds the site
     * down and sends no second DOWN when its checks come back failing), UP after RECOVERED; with neither, UP when that
     * view has checks of the site and NO_DATA otherwise (no data is not "up").
     *
     * @param latest       the site's latest alert of any type, or null
     * @param latestUpDown the site's latest DOWN or RECOVERED, or null
     */
    static SiteStatus status(Alert latest, Alert latestUpDown, Instant lastCheck) {
        if (latest != null && latest.type() == AlertType.NO_DATA
                && (lastCheck == null || !lastCheck.isAfter(latest.time()))) {
            return SiteStatus.NO_DATA;
        }
        if (latestUpDown != null) {
            return latestUpDown.type() == AlertType.DOWN ? SiteStatus.DOWN : SiteStatus.UP;
        }
        return lastCheck != null ? SiteStatus.UP : SiteStatus.NO_DATA;
    }

    private static SiteView view(Target t, Alert latest, Alert latestUpDown, Instant lastCheck) {
        Target shown = t.redacted();
        return new SiteView(shown.id(), shown.url(), shown.interval(), shown.timeout(), shown.method(),
                status(latest, latestUpDown, lastCheck), latest == null ? null : latest.time(),
                latest == null ? null : latest.message(), threshold(t, latest));
    }

    static Double threshold(Target t, Alert latest) {
        if (t.alerting() != null && t.alerting().threshold() != null) {
            return t.alerting().threshold();
        }
        return latest == null ? null : latest.threshold();
    }

    private Map<String, Instant> lastChecks() {
        ViewSnapshot s = views.get(views.shortest().window()).orElse(null);
        if (s == null || s.report() == null) {
            return Map.of();
        }
        Map<String, Instant> out = new HashMap<>();
        for (SiteStats st : s.report().sites()) {
            if (st.samples() > 0) {
                out.put(st.site(), st.lastCheck() != null ? st.lastCheck() : s.report().to());
            }
        }
        return out;
    }
}
