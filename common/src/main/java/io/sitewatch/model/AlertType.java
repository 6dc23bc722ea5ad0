package io.sitewatch.model;

/** The kinds of alert on {@code sitewatch.alerts}. */
public enum AlertType {
    /** Availability fell below the threshold while the site was up. */
    DOWN,
    /** Availability came back to the threshold or above while the site was down. */
    RECOVERED,
    /** No measurement of the site for three of its intervals; never counted as down. */
    NO_DATA
}
