package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.model.AlertType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The store, outage, memory and poison invariants over crafted inputs that must pass and must fail. */
class InvariantsTest {
    static final long T0 = 1_800_000_000_000L; // a multiple of 10 s
    static final long STEP = 10_000;

    static ObservedMeasurement m(String site, String id, long time) {
        return new ObservedMeasurement(site, id, time, true, 3.0, 0, 0, time);
    }

    static final List<ObservedMeasurement> TOPIC = List.of(m("a", "a1", T0 + 1), m("a", "a2", T0 + 5_000),
            m("a", "a3", T0 + 10_000), m("a", "a4", T0 + 10_001), m("b", "b1", T0 + 2_000));

    @Test
    void bucketsAreTheSeriesBucketsEndingAtMultiplesOfTheStep() {
        Map<String, Map<Long, Long>> b = Invariants.bucketCounts(TOPIC, STEP);
        // (T0, T0+10s] holds a1, a2, a3 (exactly at the end); a4 is in the next bucket
        assertEquals(Map.of(T0 + STEP, 3L, T0 + 2 * STEP, 1L), b.get("a"));
        assertEquals(Map.of(T0 + STEP, 1L), b.get("b"));
    }

    @Test
    void storeHoldingExactlyTheTopicHolds() {
        Map<String, Map<Long, Long>> store = Invariants.bucketCounts(TOPIC, STEP);
        InvariantResult r = Invariants.storedExactlyOnce(Invariants.bucketCounts(TOPIC, STEP), store);
        assertTrue(r.held(), r.line());
        assertEquals(5L, r.counts().get("topic"));
        assertEquals(5L, r.counts().get("stored"));
    }

    @Test
    void aMeasurementReadTwiceFromTheTopicIsExpectedOnce() {
        List<ObservedMeasurement> withRetry = new java.util.ArrayList<>(TOPIC);
        withRetry.add(m("a", "a1", T0 + 1));
        assertEquals(1, Invariants.duplicateIds(withRetry));
        InvariantResult r = Invariants.storedExactlyOnce(Invariants.bucketCounts(withRetry, STEP),
                Invariants.bucketCounts(TOPIC, STEP));
        assertTrue(r.held(), r.line());
    }

    @Test
    void aDuplicateInTheStoreBreaksIt() {
        Map<String, Map<Long, Long>> store = copy(Invariants.bucketCounts(TOPIC, STEP));
        store.get("a").merge(T0 + STEP, 1L, Long::sum);
        InvariantResult r = Invariants.storedExactlyOnce(Invariants.bucketCounts(TOPIC, STEP), store);
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("extra"));
        assertEquals(0L, r.counts().get("missing"));
        assertEquals(1L, r.counts().get("bucketsDiffering"));
    }

    @Test
    void aMissingMeasurementBreaksIt() {
        Map<String, Map<Long, Long>> store = copy(Invariants.bucketCounts(TOPIC, STEP));
        store.remove("b");
        InvariantResult r = Invariants.storedExactlyOnce(Invariants.bucketCounts(TOPIC, STEP), store);
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("missing"));
        assertEquals(1L, r.counts().get("sitesDiffering"));
    }

    @Test
    void aMeasurementInTheWrongBucketIsOneMissingAndOneExtra() {
        Map<String, Map<Long, Long>> store = copy(Invariants.bucketCounts(TOPIC, STEP));
        store.get("b").clear();
        store.get("b").put(T0 + 2 * STEP, 1L);
        InvariantResult r = Invariants.storedExactlyOnce(Invariants.bucketCounts(TOPIC, STEP), store);
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("missing"));
        assertEquals(1L, r.counts().get("extra"));
    }

    static final ScriptedOutage OUTAGE = new ScriptedOutage("down-1", T0, T0 + 60_000);
    static final long W = 120_000;

    static ObservedAlert alert(String site, AlertType type, long time) {
        return new ObservedAlert(site, site + "/" + type + "/" + time, type, time, time + 500);
    }

    @Test
    void anOutageWithDownAndRecoveredAndQuietHealthySitesHolds() {
        InvariantResult r = Invariants.outagesAlerted(List.of(OUTAGE), Set.of("ok-1"),
                List.of(alert("down-1", AlertType.DOWN, T0 + 25_000), alert("ok-1", AlertType.NO_DATA, T0),
                        alert("down-1", AlertType.RECOVERED, T0 + 150_000)), W, 20_000, T0 + 300_000);
        assertTrue(r.held(), r.line());
        assertEquals(1L, r.counts().get("recoveredAlerted"));
    }

    @Test
    void anOutageWithoutDownBreaksIt() {
        InvariantResult r = Invariants.outagesAlerted(List.of(OUTAGE), Set.of("ok-1"),
                List.of(alert("down-1", AlertType.DOWN, T0 - 5_000)), W, 20_000, T0 + 100_000);
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("missedDown"));
    }

    @Test
    void aMissingRecoveredBreaksItOnlyWhenItWasDue() {
        List<ObservedAlert> onlyDown = List.of(alert("down-1", AlertType.DOWN, T0 + 25_000));
        assertTrue(Invariants.outagesAlerted(List.of(OUTAGE), Set.of(), onlyDown, W, 20_000, T0 + 150_000).held());
        InvariantResult due = Invariants.outagesAlerted(List.of(OUTAGE), Set.of(), onlyDown, W, 20_000, T0 + 300_000);
        assertFalse(due.held());
        assertEquals(1L, due.counts().get("missedRecovered"));
    }

    @Test
    void aHealthySiteAlertingBreaksIt() {
        InvariantResult r = Invariants.outagesAlerted(List.of(), Set.of("ok-1", "ok-2"),
                List.of(alert("ok-2", AlertType.DOWN, T0)), W, 20_000, T0 + 300_000);
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("healthySitesAlerted"));
    }

    @Test
    void memoryBoundsHoldUnderTheBoundAndBreakOverItOrWithoutAFigure() {
        Map<String, Long> bounds = Map.of("prober", 640L << 20, "stats", 768L << 20);
        assertTrue(Invariants.memoryBounds(Map.of("prober", 300L << 20, "stats", 768L << 20), bounds).held());
        InvariantResult over = Invariants.memoryBounds(Map.of("prober", 641L << 20, "stats", 1L << 20), bounds);
        assertFalse(over.held());
        assertEquals(1L, over.counts().get("exceeded"));
        assertEquals(641L, over.counts().get("proberPeakMiB"));
        InvariantResult unmeasured = Invariants.memoryBounds(Map.of("prober", 1L << 20), bounds);
        assertFalse(unmeasured.held());
        assertEquals(1L, unmeasured.counts().get("unmeasured"));
    }

    @Test
    void poisonMustBeDeadLetteredByEveryConsumerAndNothingElse() {
        Set<String> consumers = Set.of("stats", "sitewatch-alerter");
        Set<String> poison = Set.of("3:10", "7:2");
        Map<String, Set<String>> all = Map.of("3:10", consumers, "7:2", consumers);
        assertTrue(Invariants.poisonDeadLettered(poison, all, consumers).held());
        assertTrue(Invariants.poisonDeadLettered(Set.of(), Map.of(), consumers).held());

        InvariantResult missing = Invariants.poisonDeadLettered(poison,
                Map.of("3:10", consumers, "7:2", Set.of("stats")), consumers);
        assertFalse(missing.held());
        assertEquals(1L, missing.counts().get("missing"));

        InvariantResult unexpected = Invariants.poisonDeadLettered(poison,
                Map.of("3:10", consumers, "7:2", consumers, "1:1", Set.of("stats")), consumers);
        assertFalse(unexpected.held());
        assertEquals(1L, unexpected.counts().get("unexpected"));
    }

    private static Map<String, Map<Long, Long>> copy(Map<String, Map<Long, Long>> m) {
        Map<String, Map<Long, Long>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
        return out;
    }
}
