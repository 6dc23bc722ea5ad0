package io.sitewatch.dashboard.sites;

import java.time.Duration;
import java.time.Instant;

/**
 * A row of {@code GET /api/sites}. The URL is redacted (no credentials, query or fragment); request headers are
 * never returned.
 *
 * @param id          the site id
 * @param url         the redacted URL
 * @param interval    check interval
 * @param timeout     check timeout
 * @param method      HTTP method
 * @param status      UP, DOWN or NO_DATA
 * @param statusSince time of the alert that set the status, or null when no alert was seen
 * @param lastAlert   the message of the latest alert, or null
 * @param threshold   the availability below which the site alerts: its own {@code alerting.threshold} (a config
 *                    file's {@code alerting} is merged into every site), else the latest alert's, else null (the
 *                    alerter's default, 0.8 unless it was started with another)
 */
public record SiteView(String id, String url, Duration interval, Duration timeout, String method, SiteStatus status,
                       Instant statusSince, String lastAlert, Double threshold) {

    /** This row with another status, set by {@code alert} at {@code since}. */
    public SiteView withStatus(SiteStatus value, Instant since, String alert) {
        return new SiteView(id, url, interval, timeout, method, value, since, alert, threshold);
    }
}
