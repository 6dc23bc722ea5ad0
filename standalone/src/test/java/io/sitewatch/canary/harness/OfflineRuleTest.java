package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.alerter.rule.AvailabilityRule;
import io.sitewatch.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The offline rule over crafted measurement histories, and the alerts invariant that compares with it. */
class OfflineRuleTest {
    static final long T0 = 1_800_000_000_000L;
    static final long I = 10_000;
    // W = 60 s, 6 checks; threshold 0.8; minSamples 3
    static final AvailabilityRule RULE = new AvailabilityRule(0.8, Duration.ofSeconds(60), 3);
    static final OfflineRule OFFLINE = new OfflineRule(site -> RULE, 30_000);

    /** A site checked every 10 s; ups[k] is check k (time T0 + k·I), offsets in order. */
    static List<ObservedMeasurement> history(String site, boolean... ups) {
        List<ObservedMeasurement> out = new ArrayList<>();
        for (int k = 0; k < ups.length; k++) {
            out.add(new ObservedMeasurement(site, site + ":" + k, T0 + k * I, ups[k], 5.0, 0, k, T0 + k * I + 5));
        }
        return out;
    }

    static ObservedAlert alert(String site, AlertType type, long time) {
        return new ObservedAlert(site, site + "/" + type + "/" + time, type, time, time + 300);
    }

    @Test
    void anOutageGivesOneDownAtTheCrossingAndOneRecovered() {
        // The window at check k holds checks k−5..k. 6 up, then 3 down: at check 6, 5/6 = 83% → still up; at
        // check 7, 4/6 → DOWN. Then up again: k=9..11 hold 3/6, k=12 4/6, k=13 5/6 = 83% → RECOVERED.
        List<ObservedMeasurement> h = history("shop", true, true, true, true, true, true, false, false, false,
                true, true, true, true, true);
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(h);
        assertEquals(List.of(new ExpectedTransition("shop", AlertType.DOWN, T0 + 7 * I),
                new ExpectedTransition("shop", AlertType.RECOVERED, T0 + 13 * I)), expected.get("shop"));
    }

    @Test
    void aHealthyHistoryGivesNothing() {
        assertTrue(OFFLINE.expected(history("ok", true, true, true, true, true, true, true, true)).isEmpty());
    }

    @Test
    void aDuplicateMeasurementCountsOnce() {
        List<ObservedMeasurement> h = new ArrayList<>(history("shop", true, true, true, true, false));
        // the down check read twice (a producer retry): 4 up of 5 = 80 % stays up (exactly at the threshold);
        // counted twice it would be 4/6 and DOWN
        h.add(new ObservedMeasurement("shop", "shop:4", T0 + 4 * I, false, 5.0, 0, 5, T0 + 4 * I + 5));
        assertTrue(OFFLINE.expected(h).isEmpty());
    }

    @Test
    void theRecordOrderIsTheOffsetOrderNotTheListOrder() {
        List<ObservedMeasurement> h = new ArrayList<>(history("shop", true, true, true, false, false, false));
        java.util.Collections.reverse(h);
        assertEquals(List.of(new ExpectedTransition("shop", AlertType.DOWN, T0 + 3 * I)), OFFLINE.expected(h).get("shop"));
    }

    @Test
    void theAlertsInvariantHoldsForExactlyTheExpectedAlerts() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, true, true,
                true, false, false, false, true, true, true, true, true));
        List<ObservedAlert> published = List.of(alert("shop", AlertType.DOWN, T0 + 7 * I),
                alert("other", AlertType.NO_DATA, T0), alert("shop", AlertType.RECOVERED, T0 + 13 * I));
        InvariantResult r = Invariants.alertsMatchRule(expected, published);
        assertTrue(r.held(), r.line());
        assertEquals(2L, r.counts().get("expected"));
        assertEquals(2L, r.counts().get("published"));
        assertEquals(1L, r.counts().get("noData"));
    }

    @Test
    void anExtraAlertBreaksIt() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, false, false, false));
        InvariantResult r = Invariants.alertsMatchRule(expected, List.of(alert("shop", AlertType.DOWN, T0 + 3 * I),
                alert("calm", AlertType.DOWN, T0 + 3 * I)));
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("extra"));
        assertEquals(0L, r.counts().get("missing"));
    }

    @Test
    void aRepeatedAlertIsExtra() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, false, false, false));
        InvariantResult r = Invariants.alertsMatchRule(expected, List.of(alert("shop", AlertType.DOWN, T0 + 3 * I),
                alert("shop", AlertType.DOWN, T0 + 3 * I)));
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("extra"));
    }

    @Test
    void aMissingAlertBreaksIt() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, true, true,
                true, false, false, false, true, true, true, true, true));
        InvariantResult r = Invariants.alertsMatchRule(expected, List.of(alert("shop", AlertType.DOWN, T0 + 7 * I)));
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("missing"));
        assertEquals(0L, r.counts().get("extra"));
        assertTrue(r.examples().get(0).startsWith("missing shop/RECOVERED"), r.examples().toString());
    }

    @Test
    void anAlertAtTheWrongTimeIsOneMissingAndOneExtra() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, false, false, false));
        InvariantResult r = Invariants.alertsMatchRule(expected, List.of(alert("shop", AlertType.DOWN, T0 + 5 * I)));
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("missing"));
        assertEquals(1L, r.counts().get("extra"));
    }

    @Test
    void alertsOutOfOrderBreakIt() {
        Map<String, List<ExpectedTransition>> expected = OFFLINE.expected(history("shop", true, true, true, true, true,
                true, false, false, false, true, true, true, true, true));
        InvariantResult r = Invariants.alertsMatchRule(expected, List.of(alert("shop", AlertType.RECOVERED, T0 + 13 * I),
                alert("shop", AlertType.DOWN, T0 + 7 * I)));
        assertFalse(r.held());
        assertEquals(1L, r.counts().get("outOfOrderSites"));
    }
}
