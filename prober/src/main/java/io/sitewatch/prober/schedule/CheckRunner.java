package io.sitewatch.prober.schedule;

import io.sitewatch.model.ErrorClass;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import io.sitewatch.model.Urls;
import io.sitewatch.prober.ProberMetrics;
import io.sitewatch.prober.http.CheckNotRunException;
import io.sitewatch.prober.http.CheckResult;
import io.sitewatch.prober.http.Checker;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due checks on a bounded pool of workers and turns each into exactly one measurement for the sink.
 *
 * <p>A check must start on time: when a worker picks a slot up more than half the target's interval after it was
 * due (all workers were busy, or the machine was starved), the check is not run late; a
 * {@code PROBER_OVERLOADED} measurement ({@code up = null}) is recorded instead, which never counts for or
 * against the site. The lag of every slot is recorded in {@code sitewatch_schedule_lag_seconds}.
 *
 * <p>A check that cannot be run for the prober's own reason (a header's environment variable is not set here) is
 * not recorded at all: it is counted in {@code sitewatch_checks_not_run_total{reason}} and logged once per
 * target and reason, naming the variable, never a value.
 */
public final class CheckRunner implements CheckScheduler.Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);
    private static final int MAX_REMEMBERED_WARNINGS = 10_000;

    private final Checker checker;
    private final Consumer<Measurement> sink;
    private final ProberClock clock;
    private final Executor workers;
    private final ProberMetrics metrics;
    private final String prober;
    private final String region;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public CheckRunner(Checker checker, Consumer<Measurement> sink, ProberClock clock, Executor workers,
                       ProberMetrics metrics, String prober, String region) {
        this.checker = checker;
        this.sink = sink;
        this.clock = clock;
        this.workers = workers;
        this.metrics = metrics;
        this.prober = prober;
        this.region = region;
    }

    /**
     * Hands the slot to a worker. When the workers' queue is full (see {@link #QUEUE_PER_WORKER}) the slot is
     * recorded at once as {@code PROBER_OVERLOADED}, as a slot that could not start on time; while shutting down it
     * is dropped with the schedule.
     */
    @Override
    public void dispatch(Target target, long scheduledNanos) {
        try {
            workers.execute(() -> run(target, scheduledNanos));
        } catch (RejectedExecutionException e) {
            if (workers instanceof java.util.concurrent.ExecutorService pool && pool.isShutdown()) {
                return; // shutting down: the slot is dropped with the schedule
            }
            metrics.checked(ErrorClass.PROBER_OVERLOADED, 0);
            Instant time = timeOf(scheduledNanos);
            sink.accept(Measurement.overloaded(prober + ":" + target.id() + ":" + time.toEpochMilli(), target.id(),
                    Urls.redact(target.url()), prober, region, time, "check could not start: all workers busy and "
                            + "the queue of due checks full"));
        }
    }

    /** Due checks queued per worker, at most (the prober's check queue is {@code maxConcurrency} times this). */
    public static final int QUEUE_PER_WORKER = 64;

    /**
     * A slot's {@code Measurement.time}, in whole milliseconds: the precision of the measurement id and of the
     * alerter, so that an alert's {@code time} is the time of the measurement that caused it, as written.
     */
    private Instant timeOf(long scheduledNanos) {
        return clock.instantAt(scheduledNanos).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Runs one slot on the calling thread. */
    public void run(Target target, long scheduledNanos) {
        long startNanos = clock.nanoTime();
        long lag = startNanos - scheduledNanos;
        metrics.lag(lag);
        Instant time = timeOf(scheduledNanos);
        String id = prober + ":" + target.id() + ":" + time.toEpochMilli();
        String url = Urls.redact(target.url());
        long limit = target.interval().toNanos() / 2;
        if (lag > limit) {
            metrics.checked(ErrorClass.PROBER_OVERLOADED, 0);
            sink.accept(Measurement.overloaded(id, target.id(), url, prober, region, time,
                    "check could not start on time: " + lag / 1_000_000 + " ms late, the limit is half the interval ("
                            + limit / 1_000_000 + " ms)"));
            return;
        }
        CheckResult result;
        try {
            result = checker.check(target);
        } catch (CheckNotRunException e) {
            metrics.notRun(e.reason());
            warnOnce(target.id() + "|" + e.getMessage(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            metrics.notRun("error");
            warnOnce(target.id() + "|" + e.getClass().getName(), "target " + target.id()
                    + ": check failed inside the prober (" + e.getClass().getSimpleName() + ")");
            return;
        }
        metrics.checked(result.errorClass(), clock.nanoTime() - startNanos);
        sink.accept(result.toMeasurement(id, target.id(), url, prober, region, time));
    }

    private void warnOnce(String key, String message) {
        if (warned.size() > MAX_REMEMBERED_WARNINGS) {
            warned.clear();
        }
        if (warned.add(key)) {
            LOG.warn("event=check_not_run message=\"{}\"", message);
        }
    }
}
