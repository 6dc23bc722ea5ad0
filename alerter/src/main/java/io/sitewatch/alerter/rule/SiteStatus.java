package io.sitewatch.alerter.rule;

/** Whether the alerter last reported a site as up or down. Every site starts {@link #UP}. */
public enum SiteStatus {
    UP,
    DOWN
}
