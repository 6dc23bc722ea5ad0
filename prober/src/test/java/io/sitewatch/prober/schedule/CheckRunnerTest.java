package io.sitewatch.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.MeasurementError;
import io.sitewatch.model.Target;
import io.sitewatch.prober.ProberMetrics;
import io.sitewatch.prober.http.CheckNotRunException;
import io.sitewatch.prober.http.CheckResult;
import io.sitewatch.prober.http.Checker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The on-time rule, one measurement per slot, and checks that must not count. */
@Timeout(10)
class CheckRunnerTest {
    private final ManualClock clock = new ManualClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Measurement> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private Checker checker = t -> {
        runs.incrementAndGet();
        clock.advance(Duration.ofMillis(42));
        return new CheckResult(true, 200, 42.5, 10.25, null, 0.5, null, 12L, null);
    };
    private final Target target = Target.of("shop", "https://user:pw@shop.example/health?key=k", Duration.ofSeconds(10));

    private CheckRunner runner() {
        return new CheckRunner(t -> checker.check(t), published::add, clock, Runnable::run, new ProberMetrics(registry),
                "prober-1", "eu");
    }

    @Test
    void anOnTimeCheckIsRunAndStampedWithItsScheduledTime() {
        clock.set(Duration.ofMillis(5_000 + 4_999)); // 4.999 s late, the limit is 5 s
        runner().dispatch(target, Duration.ofSeconds(5).toNanos());
        assertThat(runs).hasValue(1);
        Measurement m = published.get(0);
        assertThat(m.time()).isEqualTo(ManualClock.EPOCH.plusSeconds(5));
        assertThat(m.up()).isTrue();
        assertThat(m.site()).isEqualTo("shop");
        assertThat(m.url()).isEqualTo("https://shop.example/health");
        assertThat(m.prober()).isEqualTo("prober-1");
        assertThat(m.region()).isEqualTo("eu");
        assertThat(m.responseMs()).isEqualTo(42.5);
        assertThat(m.id()).isEqualTo("prober-1:shop:" + ManualClock.EPOCH.plusSeconds(5).toEpochMilli());
        assertThat(registry.get("sitewatch.checks").tag("result", "up").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("sitewatch.schedule.lag").timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(4_999.0);
    }

    @Test
    void theTimeIsInWholeMillisecondsAsTheIdAndTheAlertsHaveIt() {
        long slot = Duration.ofSeconds(5).plusNanos(123_456_789).toNanos();
        clock.set(Duration.ofNanos(slot));
        runner().dispatch(target, slot);
        Measurement m = published.get(0);
        assertThat(m.time()).isEqualTo(ManualClock.EPOCH.plusMillis(5_123));
        assertThat(m.time().toString()).isEqualTo("2026-01-01T00:00:05.123Z");
        assertThat(m.id()).isEqualTo("prober-1:shop:" + m.time().toEpochMilli());
    }

    @Test
    void aCheckThatCannotStartOnTimeIsRecordedAsOverloadedInsteadOfRunLate() {
        clock.set(Duration.ofMillis(5_000 + 5_001));
        runner().dispatch(target, Duration.ofSeconds(5).toNanos());
        assertThat(runs).hasValue(0);
        Measurement m = published.get(0);
        assertThat(m.up()).isNull();
        assertThat(m.counts()).isFalse();
        assertThat(m.error().errorClass()).isEqualTo(ErrorClass.PROBER_OVERLOADED);
        assertThat(m.error().message()).contains("5001 ms late");
        assertThat(m.time()).isEqualTo(ManualClock.EPOCH.plusSeconds(5));
        assertThat(registry.get("sitewatch.checks").tag("result", "PROBER_OVERLOADED").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void aFullQueueOfDueChecksRecordsTheSlotAsOverloadedAtOnceAndAStoppedPoolDropsIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        checker = t -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CheckResult(true, 200, 1.0, 1.0, null, 0.5, null, 1L, null);
        };
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 1,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1));
        CheckRunner bounded = new CheckRunner(t -> checker.check(t), published::add, clock, pool,
                new ProberMetrics(registry), "prober-1", "eu");
        try {
            bounded.dispatch(target, 0);
            assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            bounded.dispatch(target, 0); // queued
            bounded.dispatch(target, 0); // the queue is full
            assertThat(published).hasSize(1);
            Measurement m = published.get(0);
            assertThat(m.up()).isNull();
            assertThat(m.error().errorClass()).isEqualTo(ErrorClass.PROBER_OVERLOADED);
            assertThat(m.error().message()).isEqualTo("check could not start: all workers busy and the queue of due "
                    + "checks full");
            assertThat(m.url()).doesNotContain("pw", "key=k");
            assertThat(registry.get("sitewatch.checks").tag("result", "PROBER_OVERLOADED").counter().count())
                    .isEqualTo(1.0);
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        int before = published.size();
        bounded.dispatch(target, 0);
        assertThat(published).as("a stopped pool drops the slot").hasSize(before);
    }

    @Test
    void aFailedCheckIsCountedByItsClass() {
        checker = t -> new CheckResult(false, 503, 3.0, 2.0, null, 1.0, null, 0L,
                new MeasurementError(ErrorClass.STATUS, "status 503 is not one of [200-399]"));
        clock.set(Duration.ofSeconds(5));
        runner().dispatch(target, Duration.ofSeconds(5).toNanos());
        assertThat(published).singleElement().satisfies(m -> {
            assertThat(m.up()).isFalse();
            assertThat(m.status()).isEqualTo(503);
        });
        assertThat(registry.get("sitewatch.checks").tag("result", "STATUS").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aCheckThatCannotBeBuiltPublishesNothingAndIsCounted() {
        checker = t -> {
            throw new CheckNotRunException("missing_env", "target shop: header Authorization references TOKEN, "
                    + "which is not set in the prober's environment");
        };
        CheckRunner r = runner();
        clock.set(Duration.ofSeconds(5));
        r.dispatch(target, Duration.ofSeconds(5).toNanos());
        r.dispatch(target, Duration.ofSeconds(5).toNanos());
        assertThat(published).isEmpty();
        assertThat(registry.get("sitewatch.checks.not.run").tag("reason", "missing_env").counter().count())
                .isEqualTo(2.0);
    }
}
