package io.sitewatch.prober;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sitewatch.model.ErrorClass;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The prober's own meters, named once here. In Prometheus format: {@code sitewatch_checks_total{result}},
 * {@code sitewatch_check_duration_seconds}, {@code sitewatch_schedule_lag_seconds},
 * {@code sitewatch_schedule_skipped_total}, {@code sitewatch_checks_not_run_total{reason}}; the shard and publish
 * gauges are registered by their owners.
 */
public final class ProberMetrics {
    private final MeterRegistry registry;
    private final Counter up;
    private final Map<ErrorClass, Counter> failures = new EnumMap<>(ErrorClass.class);
    private final Map<String, Counter> notRun = new ConcurrentHashMap<>();
    private final Timer checkDuration;
    private final Timer scheduleLag;
    private final Counter skipped;
    private final java.util.List<java.util.function.LongConsumer> lagObservers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ProberMetrics(MeterRegistry registry) {
        this.registry = registry;
        up = checks("up");
        for (ErrorClass c : ErrorClass.values()) {
            failures.put(c, checks(c.name()));
        }
        checkDuration = Timer.builder("sitewatch.check.duration")
                .description("Time a check took, request start to last body byte or failure")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        scheduleLag = Timer.builder("sitewatch.schedule.lag")
                .description("How late checks start after their scheduled time")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        skipped = Counter.builder("sitewatch.schedule.skipped")
                .description("Scheduled slots jumped over because the prober was paused for more than an interval")
                .register(registry);
    }

    private Counter checks(String result) {
        return Counter.builder("sitewatch.checks").description("Checks by result: up, or the error class")
                .tag("result", result).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void checked(ErrorClass error, long durationNanos) {
        (error == null ? up : failures.get(error)).increment();
        if (error != ErrorClass.PROBER_OVERLOADED) {
            checkDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void lag(long lagNanos) {
        long lag = Math.max(0, lagNanos);
        scheduleLag.record(lag, TimeUnit.NANOSECONDS);
        for (java.util.function.LongConsumer o : lagObservers) {
            o.accept(lag);
        }
    }

    /** Also hands every schedule lag (nanoseconds) to {@code observer}: exact percentiles for the benchmark. */
    public void observeLag(java.util.function.LongConsumer observer) {
        lagObservers.add(observer);
    }

    public void skipped(long slots) {
        skipped.increment(slots);
    }

    public void notRun(String reason) {
        notRun.computeIfAbsent(reason, r -> Counter.builder("sitewatch.checks.not.run")
                .description("Checks not run for the prober's own reasons (e.g. a missing environment variable)")
                .tag("reason", r).register(registry)).increment();
    }
}
