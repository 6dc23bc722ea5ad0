package io.sitewatch.alerter.rule;

import io.sitewatch.model.AlertType;

/**
 * A change of a site's status found by {@link SiteState#accept}: what the alert says.
 *
 * @param type      DOWN or RECOVERED
 * @param time      event time (epoch ms) of the evaluation: the end of the window (t − W, t]
 * @param stats     the window's samples
 * @param downSince on RECOVERED, the time of the DOWN it ends (epoch ms); otherwise {@link SiteState#NONE}
 */
public record Transition(AlertType type, long time, WindowStats stats, long downSince) {
}
