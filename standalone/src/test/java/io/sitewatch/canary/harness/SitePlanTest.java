package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.alerter.rule.AvailabilityRule;
import io.sitewatch.model.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's outages are long enough to alert and to recover under the rule, and start after a full window. */
class SitePlanTest {
    static final Instant START = Instant.parse("2026-12-01T22:00:00Z");

    @Test
    void sharesAndNames() {
        SitePlan plan = SitePlan.of(300, START, Duration.ofMinutes(9), Duration.ofSeconds(5), Duration.ofMinutes(2), 0.8, true);
        assertEquals(307, plan.sites().size());
        assertEquals(30, plan.outages().size());
        assertEquals(270, plan.quietSites().size());
        assertEquals(300 + 7, plan.sites().stream().map(SitePlan.PlannedSite::name).distinct().count());
        assertTrue(plan.sites().stream().anyMatch(s -> s.https() && s.kind() == SitePlan.Kind.HOSTILE));
    }

    @Test
    void everyOutageAlertsAndRecoversUnderTheRuleWhenCheckedThroughout() {
        checkOutages(Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofMinutes(9), 300);
        checkOutages(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(120), 6);
    }

    private static void checkOutages(Duration interval, Duration window, Duration duration, int sites) {
        SitePlan plan = SitePlan.of(sites, START, duration, interval, window, 0.8, false);
        AvailabilityRule rule = AvailabilityRule.resolve(null,
                new io.sitewatch.model.AlertingPolicy(0.8, window, null), interval);
        OfflineRule offline = new OfflineRule(s -> rule, 30_000);
        for (ScriptedOutage o : plan.outages()) {
            assertTrue(o.from() >= START.toEpochMilli() + window.toMillis(), "outage starts after a full window");
            List<ObservedMeasurement> checks = new ArrayList<>();
            long offset = 0;
            for (long t = START.toEpochMilli() + 1234; t < START.toEpochMilli() + duration.toMillis(); t += interval.toMillis()) {
                boolean up = t < o.from() || t >= o.until();
                checks.add(new ObservedMeasurement(o.site(), o.site() + t, t, up, 3.0, 0, offset++, t));
            }
            Map<String, List<ExpectedTransition>> e = offline.expected(checks);
            List<ExpectedTransition> got = e.get(o.site());
            assertEquals(2, got.size(), o + " gives " + got);
            assertEquals(AlertType.DOWN, got.get(0).type());
            assertTrue(got.get(0).time() < o.until());
            assertEquals(AlertType.RECOVERED, got.get(1).type());
        }
    }
}
