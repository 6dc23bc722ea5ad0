package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny canary end to end, as {@code ./sitewatch canary} runs it: a real broker and each service in its own
 * JVM (from the packaged target/sitewatch.jar and target/lib), four sites of which one has a scripted outage,
 * the alerter killed with -9 and restarted, poison records — and every invariant must hold.
 */
class CanaryIT {
    @TempDir
    Path dir;

    @Test
    void aShortRunWithAKilledAlerterAndPoisonKeepsEveryInvariant() throws Exception {
        CanarySettings settings = new CanarySettings(4, Duration.ofSeconds(2), Duration.ofSeconds(80),
                Duration.ofSeconds(20), 0.8, EnumSet.of(Fault.KILL_ALERTER, Fault.POISON), dir.resolve("report"),
                false, null, null, null, "sitewatch", Duration.ofSeconds(10), 6, Duration.ofMinutes(2),
                dir.resolve("work"));
        CanaryReport report = new CanaryRun(settings).run();
        report.write(dir.resolve("report"));

        assertTrue(report.held(), report.text());
        Map<String, InvariantResult> byName = new java.util.HashMap<>();
        report.invariants().forEach(i -> byName.put(i.name(), i));
        assertTrue(byName.get(Invariants.STORE).counts().get("topic") >= 100, report.text());
        assertEquals(1L, byName.get(Invariants.OUTAGES).counts().get("downAlerted"), report.text());
        assertEquals(1L, byName.get(Invariants.OUTAGES).counts().get("recoveredAlerted"), report.text());
        assertTrue(byName.get(Invariants.ALERTS).counts().get("expected") >= 2, report.text());
        assertEquals(6L, byName.get(Invariants.POISON).counts().get("deadLettered"), report.text());
        assertEquals(0L, byName.get(Invariants.MEMORY).counts().get("exceeded"), report.text());
        assertTrue(report.text().contains("kill-alerter"), report.text());
        assertTrue(Files.size(dir.resolve("report.png")) > 10_000);
        assertTrue(Files.readString(dir.resolve("report.json")).contains("\"held\" : true"));
    }
}
