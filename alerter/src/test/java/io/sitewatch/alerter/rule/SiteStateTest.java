package io.sitewatch.alerter.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.model.AlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteStateTest {
    private static final long S = 1000;
    private static final long GRACE = 30 * S;
    /** W = 60 s, threshold 0.8, minSamples 3. */
    private final AvailabilityRule rule = new AvailabilityRule(0.8, Duration.ofSeconds(60), 3);
    private int ids;

    private record Check(long time, Boolean up) {
    }

    private SiteState.Result offer(SiteState s, long seconds, Boolean up) {
        return s.accept("m" + (++ids), seconds * S, up, rule, GRACE, 0);
    }

    private List<Transition> run(SiteState s, List<Check> checks) {
        List<Transition> out = new ArrayList<>();
        for (Check c : checks) {
            out.addAll(s.accept("c" + c.time + "-" + c.up, c.time * S, c.up, rule, GRACE, 0).transitions());
        }
        return out;
    }

    @Test
    void inOrderDownThenRecovered() {
        SiteState s = new SiteState();
        assertThat(offer(s, 0, false).transitions()).isEmpty();
        assertThat(offer(s, 10, false).transitions()).isEmpty();
        List<Transition> down = offer(s, 20, false).transitions();
        assertThat(down).containsExactly(new Transition(AlertType.DOWN, 20 * S, new WindowStats(0, 3), SiteState.NONE));
        assertThat(s.status()).isEqualTo(SiteStatus.DOWN);
        for (long t = 30; t <= 60; t += 10) {
            assertThat(offer(s, t, true).transitions()).as("t=%d", t).isEmpty();
        }
        // window (10, 70]: 20 down, 30..70 up: 5 of 6 = 83% >= 80%
        List<Transition> rec = offer(s, 70, true).transitions();
        assertThat(rec).containsExactly(new Transition(AlertType.RECOVERED, 70 * S, new WindowStats(5, 6), 20 * S));
        assertThat(offer(s, 80, true).transitions()).isEmpty();
    }

    @Test
    void windowIsOpenAtTheStartAndClosedAtTheEnd() {
        SiteState s = new SiteState();
        offer(s, 0, true);
        offer(s, 30, true);
        offer(s, 60, false);
        // (0, 60]: 30 up, 60 down -> 2 samples; the check at 0 is outside
        assertThat(s.statsAt(60 * S, 60 * S)).isEqualTo(new WindowStats(1, 2));
        assertThat(s.statsAt(59 * S, 60 * S)).isEqualTo(new WindowStats(2, 2));
    }

    @Test
    void lateRecordWithinGraceAfterTheLastAlertGivesExactlyTheInOrderAlerts() {
        List<Check> inOrder = List.of(new Check(0, true), new Check(10, false), new Check(20, false),
                new Check(30, false), new Check(40, true), new Check(50, true), new Check(60, true),
                new Check(70, true), new Check(80, true), new Check(90, true), new Check(100, true));
        // the same checks; 10, 40 and 90 arrive late, each before any alert at or after its time
        List<Check> shuffled = List.of(new Check(0, true), new Check(20, false), new Check(10, false),
                new Check(30, false), new Check(50, true), new Check(40, true), new Check(60, true),
                new Check(70, true), new Check(80, true), new Check(100, true), new Check(90, true));
        List<Transition> expected = run(new SiteState(), inOrder);
        assertThat(expected).containsExactly(
                new Transition(AlertType.DOWN, 20 * S, new WindowStats(1, 3), SiteState.NONE),
                new Transition(AlertType.RECOVERED, 80 * S, new WindowStats(5, 6), 20 * S));
        assertThat(run(new SiteState(), shuffled)).isEqualTo(expected);
    }

    @Test
    void aLateRecordReEvaluatesTheLaterPointsInEventTimeOrder() {
        SiteState s = new SiteState();
        offer(s, 0, true);
        offer(s, 10, true);
        offer(s, 30, true);
        offer(s, 40, true);
        assertThat(s.status()).isEqualTo(SiteStatus.UP);
        // a down at 20: (−40, 20] = 2 of 3 up: DOWN at 20; (−30, 30] = 3 of 4: still down;
        // (−20, 40] = 4 of 5 = 80%: RECOVERED at 40 — what the in-order stream gives
        List<Transition> t = offer(s, 20, false).transitions();
        assertThat(t).containsExactly(
                new Transition(AlertType.DOWN, 20 * S, new WindowStats(2, 3), SiteState.NONE),
                new Transition(AlertType.RECOVERED, 40 * S, new WindowStats(4, 5), 20 * S));
    }

    @Test
    void aLateRecordOlderThanTheLastAlertNeverRewritesHistory() {
        SiteState s = new SiteState();
        offer(s, 0, false);
        offer(s, 10, false);
        assertThat(offer(s, 20, false).transitions()).hasSize(1); // DOWN at 20
        // an up at 15: the windows ending at 15 and 20 would have had an up, but DOWN at 20 is published
        assertThat(offer(s, 15, true).transitions()).isEmpty();
        assertThat(s.lastTransition()).isEqualTo(20 * S);
        // it still counts in the windows evaluated from then on
        assertThat(s.statsAt(30 * S, 60 * S)).isEqualTo(new WindowStats(1, 4));
    }

    @Test
    void recordsOlderThanTheGraceAreDroppedAndChangeNothing() {
        SiteState s = new SiteState();
        offer(s, 100, true);
        assertThat(offer(s, 69, false).outcome()).isEqualTo(SiteState.Outcome.LATE);
        assertThat(offer(s, 70, false).outcome()).isEqualTo(SiteState.Outcome.ACCEPTED); // exactly at the grace
        assertThat(s.entries()).hasSize(2);
    }

    @Test
    void duplicatesCountOnce() {
        SiteState s = new SiteState();
        assertThat(s.accept("x", 0, false, rule, GRACE, 0).outcome()).isEqualTo(SiteState.Outcome.ACCEPTED);
        assertThat(s.accept("x", 0, false, rule, GRACE, 0).outcome()).isEqualTo(SiteState.Outcome.DUPLICATE);
        assertThat(s.accept("y", 10, false, rule, GRACE, 0).transitions()).isEmpty();
        assertThat(s.accept("y", 10, false, rule, GRACE, 0).outcome()).isEqualTo(SiteState.Outcome.DUPLICATE);
        assertThat(s.statsAt(10 * S, 60 * S)).isEqualTo(new WindowStats(0, 2));
    }

    @Test
    void overloadRecordsAreEvaluationPointsButNeverSamples() {
        SiteState s = new SiteState();
        for (int t = 0; t < 200; t += 10) {
            assertThat(offer(s, t, null).transitions()).isEmpty();
        }
        assertThat(s.statsAt(190 * S, 60 * S)).isEqualTo(new WindowStats(0, 0));
        assertThat(s.lastSample()).isEqualTo(SiteState.NONE);
    }

    @Test
    void keepsOnlyWhatTheGraceAndTheWindowCanStillNeed() {
        SiteState s = new SiteState();
        for (int t = 0; t <= 1000; t += 10) {
            offer(s, t, true);
        }
        // keep (1000 − 30 − 60, 1000]: 920..1000
        assertThat(s.entries()).hasSize(9);
    }

    @Test
    void noDataOncePerSilenceCountedFromTheStartAtTheEarliest() {
        SiteState s = new SiteState();
        s.accept("a", 0, true, rule, GRACE, 1_000);
        assertThat(s.noDataDue(30_999, 0, 30_000)).isFalse();
        assertThat(s.noDataDue(31_000, 0, 30_000)).isTrue();
        assertThat(s.noDataDue(90_000, 0, 30_000)).isFalse();
        s.accept("b", 10 * S, true, rule, GRACE, 100_000);
        assertThat(s.noDataDue(130_000, 0, 30_000)).isTrue();
        SiteState restarted = new SiteState();
        restarted.accept("c", 0, true, rule, GRACE, 1_000);
        assertThat(restarted.noDataDue(500_000, 480_000, 30_000)).isFalse();
        // overload records are not data
        SiteState blind = new SiteState();
        blind.accept("d", 0, null, rule, GRACE, 1_000);
        assertThat(blind.noDataDue(30_000, 0, 30_000)).isTrue();
    }

    @Test
    void aWidenedWindowIsNotJudgedOnTheHistoryItStillHoldsButOnceItHoldsTheWholeWindow() {
        SiteState s = new SiteState();
        for (long t = 0; t < 600; t += 10) {
            offer(s, t, true); // W 60 s: the history keeps (590 - 30 - 60, 590]
        }
        // the window becomes 10 min (minSamples 30); the checks before 500 s are forgotten
        AvailabilityRule wide = new AvailabilityRule(0.8, Duration.ofMinutes(10), 30);
        List<Transition> out = new ArrayList<>();
        long t = 600;
        for (int k = 0; k < 21; k++, t += 10) {
            out.addAll(s.accept("w" + t, t * S, k >= 10, wide, GRACE, 0).transitions());
        }
        // the real 10 min window never holds more than 10 downs of 60 (83%); the history held 9 ups + 21 = 30
        // samples, 20 up (66.67%): that was a DOWN
        assertThat(out).isEmpty();
        // keep failing: the first window that is whole, (500, 1100], has 60 samples and decides with them
        for (; t <= 1200; t += 10) {
            out.addAll(s.accept("w" + t, t * S, false, wide, GRACE, 0).transitions());
        }
        // the first window the alerter holds whole is (500, 1100]: 60 checks, 20 up. (Holding every check, the rule
        // would have said DOWN at 830, 47 of 60; the checks before 500 s are gone, so it waits for a whole window.)
        assertThat(out).extracting(Transition::type, Transition::time)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.DOWN, 1100 * S));
        assertThat(out.get(0).stats()).isEqualTo(new WindowStats(20, 60));
    }

    @Test
    void idsAreHashedStably() {
        assertThat(SiteState.idHash("a-1")).isEqualTo(SiteState.idHash(new String("a-1")))
                .isNotEqualTo(SiteState.idHash("a-2")).isNotEqualTo(SiteState.idHash("1-a"));
    }

    @Test
    void codecRoundTrips() {
        SiteState s = new SiteState();
        s.accept("a-1", 0, true, rule, GRACE, 5);
        s.accept("a-2", 10 * S, false, rule, GRACE, 6);
        s.accept("é-3", 20 * S, null, rule, GRACE, 7);
        s.registered(true);
        SiteState back = SiteStateCodec.decode(SiteStateCodec.encode(s));
        assertThat(back.entries()).isEqualTo(s.entries());
        assertThat(back).usingRecursiveComparison().ignoringFields("times", "ids", "ups").isEqualTo(s);
        assertThat(back.size).isEqualTo(3);

        SiteState pruned = new SiteState();
        for (long t = 0; t <= 200; t += 10) {
            offer(pruned, t, t % 20 == 0);
        }
        assertThat(pruned.forgottenUpTo()).isEqualTo(110 * S);
        assertThat(SiteStateCodec.decode(SiteStateCodec.encode(pruned))).usingRecursiveComparison()
                .ignoringFields("times", "ids", "ups").isEqualTo(pruned);

        SiteState removed = SiteState.removed(99_000);
        assertThat(SiteStateCodec.decode(SiteStateCodec.encode(removed))).usingRecursiveComparison()
                .ignoringFields("times", "ids", "ups").isEqualTo(removed);
    }

    @Test
    void codecReadsTheStatesOfVersion2WhichHadNoRemovalTime() {
        SiteState s = new SiteState();
        s.accept("a-1", 0, false, rule, GRACE, 5);
        s.registered(true);
        byte[] v4 = SiteStateCodec.encode(s);
        // version 2: the same without removedAt and forgottenUpTo, the sixth and seventh longs of the header
        java.nio.ByteBuffer v2 = java.nio.ByteBuffer.allocate(v4.length - 16);
        v2.put((byte) 2).put(v4, 1, 2 + 5 * 8).put(v4, 3 + 7 * 8, v4.length - 3 - 7 * 8);
        SiteState back = SiteStateCodec.decode(v2.array());
        assertThat(back.entries()).isEqualTo(s.entries());
        assertThat(back).usingRecursiveComparison().ignoringFields("times", "ids", "ups").isEqualTo(s);
        assertThat(back.removedAt()).isEqualTo(SiteState.NONE);
        assertThat(back.forgottenUpTo()).isEqualTo(SiteState.NONE);
    }

    @Test
    void codecReadsTheStatesOfVersion3WhichHadNoForgottenTime() {
        SiteState s = SiteState.removed(99_000);
        s.accept("a-1", 200_000, false, rule, GRACE, 5);
        byte[] v4 = SiteStateCodec.encode(s);
        // version 3: the same without forgottenUpTo, the seventh long of the header
        java.nio.ByteBuffer v3 = java.nio.ByteBuffer.allocate(v4.length - 8);
        v3.put((byte) 3).put(v4, 1, 2 + 6 * 8).put(v4, 3 + 7 * 8, v4.length - 3 - 7 * 8);
        SiteState back = SiteStateCodec.decode(v3.array());
        assertThat(back.entries()).isEqualTo(s.entries());
        assertThat(back).usingRecursiveComparison().ignoringFields("times", "ids", "ups").isEqualTo(s);
        assertThat(back.removedAt()).isEqualTo(99_000);
    }

    @Test
    void aRemovedSiteIgnoresTheChecksScheduledBeforeItsRemovalAndTheGrace() {
        SiteState s = SiteState.removed(100 * S);
        assertThat(offer(s, 90, false).outcome()).isEqualTo(SiteState.Outcome.REMOVED);
        assertThat(offer(s, 130, false).outcome()).isEqualTo(SiteState.Outcome.REMOVED);
        assertThat(s.entries()).isEmpty();
        assertThat(offer(s, 131, false).outcome()).isEqualTo(SiteState.Outcome.ACCEPTED);
        assertThat(s.entries()).hasSize(1);
    }
}
