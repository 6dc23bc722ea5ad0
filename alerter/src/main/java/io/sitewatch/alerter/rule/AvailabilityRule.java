package io.sitewatch.alerter.rule;

import io.sitewatch.model.AlertType;
import io.sitewatch.model.AlertingPolicy;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The availability rule of DESIGN.md for one site, fully resolved: on a measurement at event time t the
 * window is (t − W, t]; DOWN fires when the site is UP, the window holds at least {@code minSamples} samples
 * and availability &lt; threshold; RECOVERED fires when the site is DOWN, with at least {@code minSamples}
 * samples and availability ≥ threshold (exactly at the threshold counts as up). Nothing else emits anything.
 *
 * @param threshold  availability below which the site is down, in (0, 1]
 * @param window     W
 * @param minSamples samples needed before any transition, ≥ 1
 */
public record AvailabilityRule(double threshold, Duration window, int minSamples) {

    public AvailabilityRule {
        if (Double.isNaN(threshold) || threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
        }
    }

    /**
     * The rule for a site: its own overrides over the service defaults; minSamples defaults to
     * max(1, ⌈(W / interval) / 2⌉) with the site's interval.
     */
    public static AvailabilityRule resolve(AlertingPolicy site, AlertingPolicy serviceDefaults, Duration interval) {
        AlertingPolicy own = site == null ? AlertingPolicy.NONE : site;
        AlertingPolicy.EffectiveAlerting e = own.resolve(serviceDefaults, interval);
        return new AvailabilityRule(e.threshold(), e.window(), e.minSamples());
    }

    /** The transition the window causes for a site in {@code status}, or null for none. */
    public AlertType decide(SiteStatus status, WindowStats stats) {
        if (stats.samples() < minSamples) {
            return null;
        }
        boolean below = isBelowThreshold(stats);
        if (status == SiteStatus.UP && below) {
            return AlertType.DOWN;
        }
        if (status == SiteStatus.DOWN && !below) {
            return AlertType.RECOVERED;
        }
        return null;
    }

    /**
     * up / samples &lt; threshold, compared exactly (in decimal: 4 of 5 is exactly 0.8, never 0.79999…),
     * so a threshold of 0.8 and availability 80% always count as up.
     */
    public boolean isBelowThreshold(WindowStats stats) {
        BigDecimal needed = BigDecimal.valueOf(threshold).multiply(BigDecimal.valueOf(stats.samples()));
        return BigDecimal.valueOf(stats.up()).compareTo(needed) < 0;
    }

    public long windowMillis() {
        return window.toMillis();
    }
}
