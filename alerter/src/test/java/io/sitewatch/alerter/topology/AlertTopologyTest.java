package io.sitewatch.alerter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.alerter.Checks;
import io.sitewatch.alerter.rule.SiteState;
import io.sitewatch.alerter.rule.SiteStatus;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The edges of the rule, on the real topology. Defaults unless said: W = 2m, 0.80, interval 10s, minSamples 6. */
class AlertTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    private final Checks c = Checks.at(T0).site("shop");

    @Test
    void exactlyAtTheThresholdIsUp() {
        try (AlerterDriver d = new AlerterDriver()) {
            for (int i = 0; i < 8; i++) {
                d.send(c.up(i * 10));
            }
            d.send(c.down(80), c.down(90)); // 8/9, then 8/10 = 80%
            assertThat(d.alerts()).isEmpty();
            d.send(c.down(100)); // 8/11
            assertThat(d.alerts()).extracting(Alert::type, Alert::samples, Alert::time)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.DOWN, 11, c.time(100)));
        }
    }

    @Test
    void crossingBackAndForthGivesOneAlertPerCrossingAlternating() {
        try (AlerterDriver d = new AlerterDriver()) {
            int t = 0;
            for (int phase = 0; phase < 5; phase++) {
                for (int i = 0; i < 15; i++, t += 10) {
                    d.send(phase % 2 == 0 ? c.up(t) : c.down(t));
                }
            }
            List<Alert> alerts = d.alerts();
            assertThat(alerts).extracting(Alert::type).containsExactly(AlertType.DOWN, AlertType.RECOVERED,
                    AlertType.DOWN, AlertType.RECOVERED);
            for (int i = 1; i < alerts.size(); i++) {
                assertThat(alerts.get(i).time()).isAfter(alerts.get(i - 1).time());
            }
            // 15 ups at 0..140, then downs from 150: (50, 170] holds 9 ups and 3 downs = 75% → DOWN at 170
            assertThat(alerts.get(0).time()).isEqualTo(c.time(150 + 20));
            assertThat(alerts.get(1).downSince()).isEqualTo(alerts.get(0).time());
        }
    }

    @Test
    void aWindowWithOnlyOverloadRecordsNeverAlerts() {
        try (AlerterDriver d = new AlerterDriver()) {
            for (int t = 0; t < 600; t += 10) {
                d.send(c.overloaded(t));
            }
            assertThat(d.alerts()).isEmpty();
            // down, then the prober overloaded: the downs age out, nothing counts, no RECOVERED
            Checks s = Checks.at(T0).site("flaky");
            for (int t = 0; t < 60; t += 10) {
                d.send(s.down(t));
            }
            assertThat(d.alerts()).extracting(Alert::type).containsExactly(AlertType.DOWN);
            for (int t = 60; t < 600; t += 10) {
                d.send(s.overloaded(t));
            }
            assertThat(d.alerts()).isEmpty();
        }
    }

    @Test
    void outOfOrderWithinTheGraceGivesTheInOrderAlerts() {
        List<Measurement> inOrder = new ArrayList<>();
        for (int t = 0; t < 400; t += 10) {
            inOrder.add((t >= 100 && t < 200) ? c.down(t) : c.up(t));
        }
        List<Alert> expected;
        try (AlerterDriver d = new AlerterDriver()) {
            expected = d.send(inOrder).alerts();
        }
        assertThat(expected).extracting(Alert::type).containsExactly(AlertType.DOWN, AlertType.RECOVERED);
        // swap neighbours pairwise (every other record 10 s late), except the pairs holding an alert: a record
        // overtaken by an alert at or after its own time cannot rewrite published alerts (see SiteState)
        List<Instant> alertTimes = expected.stream().map(Alert::time).toList();
        List<Measurement> shuffled = new ArrayList<>(inOrder);
        int swapped = 0;
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            Measurement a = shuffled.get(i);
            Measurement b = shuffled.get(i + 1);
            if (alertTimes.contains(a.time()) || alertTimes.contains(b.time())) {
                continue;
            }
            shuffled.set(i, b);
            shuffled.set(i + 1, a);
            swapped++;
        }
        assertThat(swapped).isEqualTo(18);
        try (AlerterDriver d = new AlerterDriver()) {
            assertThat(d.send(shuffled).alerts()).isEqualTo(expected);
            assertThat(d.metrics.late).hasValue(0);
        }
    }

    @Test
    void recordsLaterThanTheGraceAreDroppedAndCounted() {
        try (AlerterDriver d = new AlerterDriver()) {
            d.send(c.up(0), c.up(10), c.up(20), c.up(30), c.up(40), c.up(100));
            d.send(c.down(50), c.down(55), c.down(60), c.down(65)); // older than 100 − 30 s
            assertThat(d.alerts()).isEmpty();
            assertThat(d.metrics.late).hasValue(4);
            d.send(c.down(70)); // exactly at the grace: placed
            assertThat(d.metrics.late).hasValue(4);
            assertThat(d.siteStates().get("shop").entries()).extracting(e -> e.time())
                    .contains(c.time(70).toEpochMilli());
        }
    }

    @Test
    void aLateRecordWithinTheGraceIsPlacedInItsWindow() {
        try (AlerterDriver d = new AlerterDriver()) {
            d.send(c.up(0), c.up(10), c.up(20), c.up(30), c.down(40), c.up(60));
            assertThat(d.alerts()).isEmpty(); // 5/6 at 60
            d.send(c.down(50)); // 10 s late: (−70, 50] = 4/6 → DOWN at 50; (−60, 60] = 5/7: still down
            assertThat(d.alerts()).containsExactly(
                    Alert.down("shop", c.url(), 4 / 6.0, 0.8, Duration.ofMinutes(2), 6, c.time(50)));
        }
    }

    @Test
    void duplicatesCountOnce() {
        try (AlerterDriver d = new AlerterDriver()) {
            for (int t = 0; t < 30; t += 10) {
                Measurement m = c.of("dup-" + t, t, false);
                d.send(m, m);
            }
            assertThat(d.alerts()).isEmpty(); // 3 samples, not 6
            assertThat(d.metrics.duplicates).hasValue(3);
            d.send(c.down(30), c.down(40), c.down(50));
            assertThat(d.alerts()).extracting(Alert::samples).containsExactly(6);
        }
    }

    @Test
    void twoSitesInterleavedAreIndependent() {
        Checks a = Checks.at(T0).site("a");
        Checks b = Checks.at(T0).site("b");
        try (AlerterDriver d = new AlerterDriver()) {
            for (int t = 0; t < 200; t += 10) {
                d.send(t < 100 ? a.up(t) : a.down(t));
                d.send(t < 150 ? b.down(t + 5) : b.up(t + 5));
            }
            List<TestRecord<String, Alert>> records = d.alerts.readRecordsToList();
            assertThat(records).extracting(TestRecord::key, r -> r.value().type(), r -> r.value().time())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("b", AlertType.DOWN, b.time(55)),
                            org.assertj.core.groups.Tuple.tuple("a", AlertType.DOWN, a.time(120)));
        }
    }

    @Test
    void perSiteOverridesComeFromTheTargetsTopic() {
        Checks strict = Checks.at(T0).site("strict");
        Checks lenient = Checks.at(T0).site("lenient");
        Checks slow = Checks.at(T0).site("slow");
        try (AlerterDriver d = new AlerterDriver()) {
            d.register(new Target("strict", strict.url(), Duration.ofSeconds(10), null, null, null, null, true, 5,
                    new AlertingPolicy(0.95, Duration.ofMinutes(1), null), null));
            d.register(Target.of("slow", slow.url(), Duration.ofMinutes(1))); // minSamples = max(1, ⌈2/2⌉) = 1
            for (Checks s : List.of(strict, lenient)) {
                d.send(s.up(0), s.up(10), s.up(20), s.up(30), s.up(40), s.down(50)); // 5/6 = 83%
            }
            d.send(slow.down(0));
            assertThat(d.alerts()).containsExactly(
                    Alert.down("strict", strict.url(), 5 / 6.0, 0.95, Duration.ofMinutes(1), 6, strict.time(50)),
                    Alert.down("slow", slow.url(), 0.0, 0.8, Duration.ofMinutes(2), 1, slow.time(0)));
        }
    }

    @Test
    void aWindowWidenedMidWindowGivesNoDownOnTheFewChecksTheAlerterStillHeld() {
        Checks w = Checks.at(T0).site("widened");
        try (AlerterDriver d = new AlerterDriver()) {
            d.register(new Target("widened", w.url(), Duration.ofSeconds(10), null, null, null, null, true, 5,
                    new AlertingPolicy(0.8, Duration.ofMinutes(1), null), null));
            int t = 0;
            for (; t < 600; t += 10) {
                d.send(w.up(t));
            }
            // targets apply: window 1m -> 10m (minSamples 30)
            d.register(new Target("widened", w.url(), Duration.ofSeconds(10), null, null, null, null, true, 5,
                    new AlertingPolicy(0.8, Duration.ofMinutes(10), null), null));
            for (int k = 0; k < 21; k++, t += 10) {
                d.send(k < 10 ? w.down(t) : w.up(t));
            }
            // every 10-minute window ending up to 800 s holds 60 checks, at most 10 down: 83% or more. The alerter
            // had said "down, availability=66.67%, samples=30" at 800 s from the 30 checks it still held.
            assertThat(d.alerts()).isEmpty();
            for (; t <= 1100; t += 10) {
                d.send(w.down(t));
            }
            assertThat(d.alerts()).containsExactly(Alert.down("widened", w.url(), 20 / 60.0, 0.8,
                    Duration.ofMinutes(10), 60, w.time(1100)));
        }
    }

    @Test
    void aSiteRemovedFromTheRegistryLosesItsStateWithoutAnyAlert() {
        Checks gone = Checks.at(T0).site("gone");
        Checks kept = Checks.at(T0).site("kept");
        try (AlerterDriver d = new AlerterDriver()) {
            d.register(Target.of("gone", gone.url(), Duration.ofSeconds(10)));
            d.register(Target.of("kept", kept.url(), Duration.ofSeconds(10)));
            for (int t = 0; t < 60; t += 10) {
                d.send(gone.down(t), kept.up(t));
            }
            assertThat(d.alerts()).extracting(Alert::site, Alert::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("gone", AlertType.DOWN));
            d.unregister("gone");
            d.advanceWallClock(Duration.ofMinutes(5));
            // kept (still registered, silent) reports NO_DATA; gone reports nothing and nothing of its state is left
            assertThat(d.alerts()).extracting(Alert::site, Alert::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kept", AlertType.NO_DATA));
            SiteState left = d.siteStates().get("gone");
            assertThat(left.entries()).isEmpty();
            assertThat(left.status()).isEqualTo(SiteStatus.UP);
            assertThat(left.registered()).isFalse();
            assertThat(d.metrics.removed).hasValue(1);
            // stragglers start afresh (UP, defaults): no RECOVERED without a DOWN
            for (int t = 60; t < 200; t += 10) {
                d.send(gone.up(t));
            }
            assertThat(d.alerts()).isEmpty();
        }
    }

    @Test
    void aSiteRemovedMidOutageDoesNotAlertOnItsChecksStillInFlightAndStartsAfreshWhenAddedBack() {
        // standalone's settings: the file's alerting (W = 10s) as the service defaults, so a site outside the
        // registry has minSamples max(1, ⌈(10s / 10s) / 2⌉) = 1: one failed check is enough to alert
        AlerterSettings settings = AlerterSettings.defaults()
                .withAlerting(new AlertingPolicy(0.8, Duration.ofSeconds(10), null));
        Instant now = AlerterDriver.WALL_CLOCK_START;
        Checks few = Checks.at(now.minusSeconds(10)).site("few");
        Target target = Target.of("few", few.url(), Duration.ofSeconds(2)); // minSamples 3
        try (AlerterDriver d = new AlerterDriver(settings)) {
            d.register(target);
            d.send(few.down(0), few.down(2), few.down(4));
            assertThat(d.alerts()).containsExactly(
                    Alert.down("few", few.url(), 0.0, 0.8, Duration.ofSeconds(10), 3, few.time(4)));
            // removed mid-outage; the check the prober was running meanwhile arrives after the tombstone
            d.unregister("few");
            d.send(few.down(6));
            assertThat(d.alerts()).isEmpty();
            // one more, after the NO_DATA check has found the site removed
            d.advanceWallClock(Duration.ofSeconds(5));
            d.send(few.down(8));
            assertThat(d.alerts()).isEmpty();
            assertThat(d.metrics.removed).hasValue(1);

            // added back, still failing: a fresh start, DOWN again once it has minSamples
            d.register(target);
            d.advanceWallClock(Duration.ofSeconds(5));
            d.send(few.down(20), few.down(22));
            assertThat(d.alerts()).isEmpty();
            d.send(few.down(24));
            assertThat(d.alerts()).containsExactly(
                    Alert.down("few", few.url(), 0.0, 0.8, Duration.ofSeconds(10), 3, few.time(24)));

            // removed again; a prober that still checks it long after (beyond the grace) is heard, with the
            // service defaults, like any site outside the registry
            d.unregister("few");
            d.advanceWallClock(Duration.ofSeconds(5));
            d.send(few.down(26));
            assertThat(d.alerts()).isEmpty();
            d.send(few.down(60));
            assertThat(d.alerts()).containsExactly(
                    Alert.down("few", few.url(), 0.0, 0.8, Duration.ofSeconds(10), 1, few.time(60)));
        }
    }

    @Test
    void noDataOncePerSilenceOnlyForRegisteredSitesAndNeverAsDown() {
        Checks quiet = Checks.at(T0).site("quiet");
        Checks stray = Checks.at(T0).site("stray");
        try (AlerterDriver d = new AlerterDriver()) {
            d.register(Target.of("quiet", quiet.url(), Duration.ofSeconds(10)));
            d.send(quiet.up(0), stray.up(0));
            d.advanceWallClock(Duration.ofSeconds(25));
            assertThat(d.alerts()).isEmpty();
            d.advanceWallClock(Duration.ofSeconds(10)); // 35 s ≥ 3 × 10 s
            List<Alert> alerts = d.alerts();
            assertThat(alerts).hasSize(1);
            Alert noData = alerts.get(0);
            assertThat(noData.type()).isEqualTo(AlertType.NO_DATA);
            assertThat(noData.site()).isEqualTo("quiet");
            assertThat(noData.availability()).isNull();
            assertThat(noData.message()).startsWith("Website quiet has no data.")
                    .contains("last measurement=" + quiet.time(0));
            d.advanceWallClock(Duration.ofMinutes(5));
            assertThat(d.alerts()).isEmpty();
            assertThat(d.siteStates().get("quiet").status()).hasToString("UP");
            d.send(quiet.up(400));
            d.advanceWallClock(Duration.ofSeconds(35));
            assertThat(d.alerts()).extracting(Alert::type).containsExactly(AlertType.NO_DATA);
        }
    }

    /**
     * The broker was unreachable for 50 s: the probers kept checking into their buffers. A silence the alerter could
     * not have heard through is not the site's: NO_DATA is counted from the moment contact came back.
     */
    @Test
    void noDataIsNotReportedForASilenceWhileTheAlerterWasCutOffFromKafka() {
        Checks quiet = Checks.at(T0).site("quiet");
        java.util.concurrent.atomic.AtomicLong outOfContactAt = new java.util.concurrent.atomic.AtomicLong();
        try (AlerterDriver d = new AlerterDriver(AlerterSettings.defaults(), outOfContactAt::get)) {
            d.register(Target.of("quiet", quiet.url(), Duration.ofSeconds(10)));
            d.send(quiet.up(0));
            d.advanceWallClock(Duration.ofSeconds(10));
            // cut off from +10 s to +60 s; the watch last saw it out of contact at +60 s
            outOfContactAt.set(AlerterDriver.WALL_CLOCK_START.plusSeconds(60).toEpochMilli());
            d.advanceWallClock(Duration.ofSeconds(50));
            d.advanceWallClock(Duration.ofSeconds(25)); // +85 s: 85 s since the last check, 25 s since contact
            assertThat(d.alerts()).as("the silence overlapped the outage").isEmpty();
            d.send(quiet.up(10), quiet.up(20)); // what the probers' buffers hold comes first
            d.advanceWallClock(Duration.ofSeconds(25)); // +110 s: 25 s since those arrived
            assertThat(d.alerts()).isEmpty();

            d.advanceWallClock(Duration.ofSeconds(10)); // +120 s: 35 s of silence in contact, ≥ 3 × 10 s
            assertThat(d.alerts()).extracting(Alert::type, Alert::site)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.NO_DATA, "quiet"));
        }
    }

    /** A registered site no prober ever checks (its region has none) is silent from the start: NO_DATA, once. */
    @Test
    void aRegisteredSiteThatNeverSendsAMeasurementGetsNoData() {
        Checks heard = Checks.at(T0).site("heard");
        Checks never = Checks.at(T0).site("never");
        try (AlerterDriver d = new AlerterDriver(AlerterSettings.defaults(), () -> 0L, () -> 1)) {
            d.register(Target.of("heard", heard.url(), Duration.ofSeconds(10)));
            d.register(Target.of("never", never.url(), Duration.ofSeconds(10)));
            for (int s = 0; s <= 60; s += 10) {
                d.send(heard.up(s));
                d.advanceWallClock(Duration.ofSeconds(10));
            }
            List<Alert> alerts = d.alerts();
            assertThat(alerts).extracting(Alert::type, Alert::site)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.NO_DATA, "never"));
            assertThat(alerts.get(0).message()).endsWith("last measurement=never");
            for (int s = 70; s <= 200; s += 10) {
                d.send(heard.up(s));
                d.advanceWallClock(Duration.ofSeconds(10));
            }
            assertThat(d.alerts()).as("once per silence").isEmpty();

            d.send(never.down(210)); // its first check at last: an ordinary site from now on
            assertThat(d.siteStates().get("never").lastSample()).isEqualTo(never.time(210).toEpochMilli());
        }
    }

    /**
     * Measurements that are not where the default partitioner puts their key (another partitioner, a wrong count):
     * this task cannot tell which silent sites are its own, so it watches none rather than report others' sites.
     */
    @Test
    void noNeverHeardWatchWhenTheKeysAreNotWhereTheDefaultPartitionerPutsThem() {
        int partitions = 7;
        String site = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "site-" + i)
                .filter(s -> AvailabilityProcessor.partitionOf(s, partitions) != 0).findFirst().orElseThrow();
        Checks heard = Checks.at(T0).site(site);
        Checks never = Checks.at(T0).site("never");
        try (AlerterDriver d = new AlerterDriver(AlerterSettings.defaults(), () -> 0L, () -> partitions)) {
            d.register(Target.of(site, heard.url(), Duration.ofSeconds(10)));
            d.register(Target.of("never", never.url(), Duration.ofSeconds(10)));
            for (int s = 0; s <= 60; s += 10) {
                d.send(heard.up(s)); // the driver's records are all on partition 0
                d.advanceWallClock(Duration.ofSeconds(10));
            }
            assertThat(d.alerts()).isEmpty();
        }
    }

    @Test
    void aSitesPartitionIsTheOneTheProbersProducerPicks() {
        for (String site : List.of("shop", "api", "blog", "www.example.com", "site-42", "ünïcode", "")) {
            for (int partitions : new int[] {1, 3, 12, 50}) {
                assertThat(AvailabilityProcessor.partitionOf(site, partitions)).as(site + " over " + partitions)
                        .isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                                site.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void noDataCanBeSwitchedOffAndRemovedSitesAreStillDropped() {
        try (AlerterDriver d = new AlerterDriver(AlerterSettings.defaults().withNoData(0, Duration.ofSeconds(1)))) {
            d.register(Target.of("shop", c.url(), Duration.ofSeconds(10)));
            d.register(Target.of("gone", "https://gone.example.com/", Duration.ofSeconds(10)));
            d.send(c.up(0), Checks.at(T0).site("gone").up(0));
            d.unregister("gone");
            d.advanceWallClock(Duration.ofMinutes(5));
            assertThat(d.alerts()).isEmpty();
            assertThat(d.siteStates().get("gone").entries()).isEmpty();
            assertThat(d.siteStates().get("shop")).isNotNull();
            // kept for its checks in flight, then forgotten like any idle site outside the registry: 10 minutes
            // after the removal was found (at the check that ran 5 minutes in)
            d.advanceWallClock(Duration.ofMinutes(9));
            assertThat(d.siteStates().get("gone")).isNotNull();
            d.advanceWallClock(Duration.ofMinutes(1));
            assertThat(d.siteStates().get("gone")).isNull();
            assertThat(d.metrics.removed).hasValue(1);
        }
    }

    @Test
    void sitesOutsideTheRegistryThatAreUpAndSilentAreForgottenDownOnesKept() {
        Checks idle = Checks.at(T0).site("idle");
        Checks broken = Checks.at(T0).site("broken");
        try (AlerterDriver d = new AlerterDriver()) {
            for (int t = 0; t < 60; t += 10) {
                d.send(idle.up(t), broken.down(t));
            }
            assertThat(d.alerts()).extracting(Alert::site).containsExactly("broken");
            d.advanceWallClock(Duration.ofMinutes(9));
            assertThat(d.siteStates().get("idle")).isNotNull();
            d.advanceWallClock(Duration.ofMinutes(2));
            assertThat(d.siteStates().get("idle")).isNull();
            assertThat(d.siteStates().get("broken")).isNotNull();
            assertThat(d.alerts()).isEmpty();
            // broken still recovers, once
            for (int t = 60; t < 200; t += 10) {
                d.send(broken.up(t));
            }
            assertThat(d.alerts()).extracting(Alert::type).containsExactly(AlertType.RECOVERED);
        }
    }

    @Test
    void serviceDefaultsApplyToSitesWithoutOverrides() {
        AlerterSettings settings = AlerterSettings.defaults()
                .withAlerting(new AlertingPolicy(0.5, Duration.ofMinutes(1), 2));
        try (AlerterDriver d = new AlerterDriver(settings)) {
            d.send(c.up(0), c.down(10)); // 50%: at the threshold
            assertThat(d.alerts()).isEmpty();
            d.send(c.down(20));
            assertThat(d.alerts()).containsExactly(
                    Alert.down("shop", c.url(), 1 / 3.0, 0.5, Duration.ofMinutes(1), 3, c.time(20)));
        }
    }
}
