package io.sitewatch.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.model.Target;
import io.sitewatch.prober.ProberMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fixed-rate slots, first offsets, replacement and cancellation, driven by a manual clock. */
@Timeout(10)
class CheckSchedulerTest {
    record Fired(String site, Duration at) {
    }

    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Fired> fired = new CopyOnWriteArrayList<>();
    private final CheckScheduler scheduler = new CheckScheduler(clock,
            (t, due) -> fired.add(new Fired(t.id(), Duration.ofNanos(due))),
            interval -> interval * 3 / 10, // first slot at 30% of the interval
            new ProberMetrics(registry));

    private static Target target(String id, Duration interval) {
        return Target.of(id, "http://127.0.0.1/" + id, interval);
    }

    private List<Duration> firedAt(String site) {
        List<Duration> at = new ArrayList<>();
        fired.stream().filter(f -> f.site().equals(site)).forEach(f -> at.add(f.at()));
        return at;
    }

    @Test
    void firesAtFixedRateFromARandomFirstOffset() {
        scheduler.schedule(target("a", Duration.ofSeconds(10)));
        assertThat(scheduler.runDue()).isEqualTo(Duration.ofSeconds(3).toNanos());
        clock.set(Duration.ofSeconds(3));
        scheduler.runDue();
        // the timer is late by 400 ms on the next slot: the slot after is still at 23 s, not 23.4 s
        clock.set(Duration.ofMillis(13_400));
        scheduler.runDue();
        clock.set(Duration.ofMillis(22_999));
        scheduler.runDue();
        clock.set(Duration.ofSeconds(23));
        scheduler.runDue();
        assertThat(firedAt("a")).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(13), Duration.ofSeconds(23));
    }

    @Test
    void eachTargetKeepsItsOwnInterval() {
        scheduler.schedule(target("fast", Duration.ofSeconds(1)));
        scheduler.schedule(target("slow", Duration.ofSeconds(5)));
        for (int ms = 0; ms <= 10_000; ms += 100) {
            clock.set(Duration.ofMillis(ms));
            scheduler.runDue();
        }
        assertThat(firedAt("fast")).hasSize(10).first().isEqualTo(Duration.ofMillis(300));
        assertThat(firedAt("slow")).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(6500));
    }

    @Test
    void anUnchangedTargetIsLeftAloneAndAChangedIntervalReschedules() {
        Target a = target("a", Duration.ofSeconds(10));
        assertThat(scheduler.schedule(a)).isTrue();
        assertThat(scheduler.schedule(a)).isFalse();
        clock.set(Duration.ofSeconds(3));
        scheduler.runDue();
        clock.set(Duration.ofSeconds(5));
        assertThat(scheduler.schedule(target("a", Duration.ofSeconds(2)))).isTrue();
        for (int ms = 5_000; ms <= 9_000; ms += 100) {
            clock.set(Duration.ofMillis(ms));
            scheduler.runDue();
        }
        // new first slot at 5 s + 30% of 2 s, then every 2 s; the old 13 s slot never fires
        assertThat(firedAt("a")).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(5_600),
                Duration.ofMillis(7_600));
        assertThat(scheduler.size()).isEqualTo(1);
    }

    @Test
    void aChangeThatKeepsTheIntervalKeepsThePhase() {
        scheduler.schedule(target("a", Duration.ofSeconds(10)));
        clock.set(Duration.ofSeconds(3));
        scheduler.runDue();
        clock.set(Duration.ofSeconds(4));
        scheduler.schedule(Target.of("a", "http://127.0.0.1/changed", Duration.ofSeconds(10)));
        clock.set(Duration.ofSeconds(13));
        scheduler.runDue();
        assertThat(firedAt("a")).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(13));
    }

    @Test
    void cancelledTargetsStopFiring() {
        scheduler.schedule(target("a", Duration.ofSeconds(1)));
        scheduler.schedule(target("b", Duration.ofSeconds(1)));
        clock.set(Duration.ofMillis(300));
        scheduler.runDue();
        assertThat(scheduler.cancel("a")).isTrue();
        assertThat(scheduler.cancel("a")).isFalse();
        clock.set(Duration.ofMillis(5_300));
        for (int ms = 300; ms <= 5_300; ms += 100) {
            clock.set(Duration.ofMillis(ms));
            scheduler.runDue();
        }
        assertThat(firedAt("a")).hasSize(1);
        assertThat(firedAt("b")).hasSize(6);
        assertThat(scheduler.ids()).containsExactly("b");
    }

    @Test
    void aPauseLongerThanAnIntervalJumpsAheadInsteadOfBursting() {
        scheduler.schedule(target("a", Duration.ofSeconds(1)));
        clock.set(Duration.ofMillis(300));
        scheduler.runDue();
        clock.set(Duration.ofMillis(10_500)); // paused ~10 s
        scheduler.runDue();
        assertThat(firedAt("a")).containsExactly(Duration.ofMillis(300), Duration.ofMillis(1_300));
        assertThat(registry.get("sitewatch.schedule.skipped").counter().count()).isEqualTo(9.0);
        clock.set(Duration.ofMillis(11_300));
        scheduler.runDue();
        assertThat(firedAt("a")).last().isEqualTo(Duration.ofMillis(11_300));
    }

    @Test
    void theTimerThreadFiresOnItsOwn() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (CheckScheduler real = new CheckScheduler((t, due) -> seen.add(System.nanoTime() - due),
                new ProberMetrics(registry))) {
            real.start();
            for (int i = 0; i < 20; i++) {
                real.schedule(target("t" + i, Duration.ofMillis(100)));
            }
            Thread.sleep(1_050);
        }
        assertThat(seen.size()).isBetween(150, 230);
        assertThat(seen).allSatisfy(lag -> assertThat(lag).isBetween(0L, Duration.ofMillis(250).toNanos()));
    }
}
