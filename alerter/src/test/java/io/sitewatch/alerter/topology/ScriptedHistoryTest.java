package io.sitewatch.alerter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.alerter.ScriptedHistory;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Measurement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The history the embedded-broker tests replay, on the TopologyTestDriver: checks the hand-worked alerts. */
class ScriptedHistoryTest {
    @Test
    void theScriptedHistoryGivesTheHandWorkedAlerts() {
        ScriptedHistory h = new ScriptedHistory(Instant.parse("2026-11-22T04:00:00Z"));
        try (AlerterDriver d = new AlerterDriver()) {
            h.targets.forEach(d::register);
            int i = 0;
            for (Measurement m : h.measurements) {
                d.send(m);
                if (++i == 40) {
                    d.rawMeasurements.pipeInput("echo", ScriptedHistory.POISON.getBytes(StandardCharsets.UTF_8));
                }
            }
            Map<String, List<Alert>> bySite = new TreeMap<>();
            d.alerts().forEach(a -> bySite.computeIfAbsent(a.site(), s -> new java.util.ArrayList<>()).add(a));
            assertThat(bySite).isEqualTo(new TreeMap<>(h.expectedAlerts()));
            assertThat(d.metrics.duplicates).hasValue(6);
            assertThat(d.metrics.deadLettered).hasValue(1);
            assertThat(d.metrics.late).hasValue(0);
        }
    }
}
