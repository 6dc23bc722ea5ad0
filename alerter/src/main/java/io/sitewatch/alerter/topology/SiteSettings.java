package io.sitewatch.alerter.topology;

import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Target;
import io.sitewatch.model.Urls;
import java.time.Duration;

/**
 * What the alerter takes from a site's registry entry.
 *
 * @param url      the site's URL, redacted (for NO_DATA alerts)
 * @param interval the check interval (minSamples, NO_DATA)
 * @param alerting the site's overrides
 */
public record SiteSettings(String url, Duration interval, AlertingPolicy alerting) {
    public static SiteSettings of(Target target) {
        return new SiteSettings(Urls.redact(target.url()), target.interval(), target.alerting());
    }
}
