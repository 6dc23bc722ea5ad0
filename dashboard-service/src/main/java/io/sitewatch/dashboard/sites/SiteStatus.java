package io.sitewatch.dashboard.sites;

/** What the dashboard says of a site now. */
public enum SiteStatus {
    /** No DOWN alert in force, and the shortest view has checks of it (or its latest alert is RECOVERED). */
    UP,
    /** Its latest alert is DOWN. */
    DOWN,
    /** Its latest alert is NO_DATA, or there is neither an alert nor a check of it in the shortest view. */
    NO_DATA
}
