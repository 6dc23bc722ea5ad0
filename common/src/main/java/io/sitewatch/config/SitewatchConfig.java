package io.sitewatch.config;

import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code config.json}: the websites as {@link Target}s with defaults applied (their alerting
 * overrides merged over the file's {@code alerting} section), the file-level alerting settings and the
 * dashboard views.
 */
public record SitewatchConfig(List<Target> websites, Defaults defaults, AlertingPolicy alerting, List<View> views) {
    public static final List<View> DEFAULT_VIEWS = List.of(
            new View(Duration.ofMinutes(10), Duration.ofSeconds(10)),
            new View(Duration.ofHours(1), Duration.ofMinutes(1)));

    public SitewatchConfig {
        websites = List.copyOf(websites);
        views = views == null || views.isEmpty() ? DEFAULT_VIEWS : List.copyOf(views);
        alerting = alerting == null ? AlertingPolicy.NONE : alerting;
        defaults = defaults == null ? Defaults.DEFAULT : defaults;
    }

    /** Defaults for websites that do not set their own. */
    public record Defaults(Duration interval, Duration timeout) {
        public static final Defaults DEFAULT = new Defaults(Target.DEFAULT_INTERVAL, Target.DEFAULT_TIMEOUT);
    }

    /** A dashboard stats view: aggregates over the past {@code window}, refreshed every {@code refresh}. */
    public record View(Duration window, Duration refresh) {
    }
}
