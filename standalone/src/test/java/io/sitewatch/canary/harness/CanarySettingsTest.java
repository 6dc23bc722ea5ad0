package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CanarySettingsTest {
    static CanarySettings settings(Set<Fault> faults, String bootstrap, URI stats) {
        return new CanarySettings(10, Duration.ofSeconds(5), Duration.ofMinutes(3), Duration.ofMinutes(2), 0.8, faults,
                null, false, bootstrap, stats, null, "sitewatch", Duration.ofSeconds(30), 6, Duration.ofMinutes(2), null);
    }

    @Test
    void faultListsParse() {
        assertEquals(EnumSet.of(Fault.KILL_PROBER, Fault.POISON), Fault.parseList("kill-prober, poison"));
        assertTrue(Fault.parseList("none").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parseList("kill-everything"));
        assertTrue(e.getMessage().startsWith("--faults: unknown fault \"kill-everything\""), e.getMessage());
    }

    @Test
    void faultsNeedingProcessControlAreRefusedOnAnExistingDeployment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(EnumSet.of(Fault.KILL_STATS), "10.0.0.1:9092", URI.create("http://10.0.0.1:8081")));
        assertTrue(e.getMessage().contains("kill-stats needs the canary to run the processes itself"), e.getMessage());
        settings(EnumSet.of(Fault.POISON, Fault.HOSTILE), "10.0.0.1:9092", URI.create("http://10.0.0.1:8081"));
    }

    @Test
    void anExistingDeploymentNeedsItsStatsUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Set.of(), "10.0.0.1:9092", null));
        assertTrue(e.getMessage().startsWith("--stats-url is required"), e.getMessage());
    }

    @Test
    void storeOutageIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(EnumSet.of(Fault.STORE_OUTAGE), null, null));
        assertTrue(e.getMessage().contains("memory store"), e.getMessage());
    }

    @Test
    void aRunTooShortForItsOutagesToAlertIsRefusedWithTheShortestThatWorks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CanarySettings(20, Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofMinutes(2), 0.8,
                        Set.of(), null, false, null, null, null, "sitewatch", Duration.ofSeconds(30), 6,
                        Duration.ofMinutes(2), null));
        assertEquals("--duration must be at least 2m44s with --window 2m and --interval 5s (a full window of checks "
                + "before the scripted outages, then time for one to alert), was 2m; run longer or use a shorter "
                + "--window", e.getMessage());
        assertEquals(Duration.ofSeconds(44), SitePlan.shortestRun(Duration.ofSeconds(2), Duration.ofSeconds(30), 0.8));
    }

    @Test
    void theTimeoutIsHalfTheIntervalCappedAtFiveSeconds() {
        assertEquals(Duration.ofMillis(2500), settings(Set.of(), null, null).timeout());
    }
}
