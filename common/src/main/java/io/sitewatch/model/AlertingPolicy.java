package io.sitewatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * Alerting settings; any field may be null, meaning "use the next default" (site, then file, then service).
 *
 * @param threshold  availability below which a site is down, in (0, 1]
 * @param window     the sliding window availability is computed over
 * @param minSamples checks needed in the window before any transition
 */
public record AlertingPolicy(Double threshold, Duration window, Integer minSamples) {
    public static final AlertingPolicy NONE = new AlertingPolicy(null, null, null);
    public static final double DEFAULT_THRESHOLD = 0.80;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

    public AlertingPolicy {
        if (threshold != null && (threshold.isNaN() || threshold <= 0 || threshold > 1)) {
            throw new IllegalArgumentException("alerting.threshold must be in (0, 1], was " + threshold);
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("alerting.window must be positive, was " + window);
        }
        if (minSamples != null && minSamples < 1) {
            throw new IllegalArgumentException("alerting.minSamples must be at least 1, was " + minSamples);
        }
    }

    /** This policy with its null fields taken from {@code fallback}. */
    public AlertingPolicy orElse(AlertingPolicy fallback) {
        if (fallback == null) {
            return this;
        }
        return new AlertingPolicy(
                threshold != null ? threshold : fallback.threshold,
                window != null ? window : fallback.window,
                minSamples != null ? minSamples : fallback.minSamples);
    }

    /** No setting of its own. Not a field of the record: Jackson would otherwise write it as {@code "empty"}. */
    @JsonIgnore
    public boolean isEmpty() {
        return threshold == null && window == null && minSamples == null;
    }

    /**
     * The effective rule for a site: this policy over the service defaults, with
     * minSamples = max(1, ceil((window / interval) / 2)) unless given.
     */
    public EffectiveAlerting resolve(AlertingPolicy serviceDefaults, Duration interval) {
        AlertingPolicy p = orElse(serviceDefaults);
        double t = p.threshold != null ? p.threshold : DEFAULT_THRESHOLD;
        Duration w = p.window != null ? p.window : DEFAULT_WINDOW;
        int min = p.minSamples != null ? p.minSamples : defaultMinSamples(w, interval);
        return new EffectiveAlerting(t, w, min);
    }

    /** max(1, ⌈(window / interval) / 2⌉). */
    public static int defaultMinSamples(Duration window, Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return 1;
        }
        double checks = (double) window.toMillis() / interval.toMillis();
        return (int) Math.max(1, Math.ceil(checks / 2.0));
    }

    /** Fully resolved alerting settings. */
    public record EffectiveAlerting(double threshold, Duration window, int minSamples) {
    }
}
