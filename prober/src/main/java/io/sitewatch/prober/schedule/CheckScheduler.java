package io.sitewatch.prober.schedule;

import io.sitewatch.model.Target;
import io.sitewatch.prober.ProberMetrics;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each target at its interval on a fixed-rate schedule: slot {@code k} is due at
 * {@code first + k × interval}, whatever the checks take, so nothing drifts. The first slot is at a random offset
 * within the interval so that targets added together do not fire together.
 *
 * <p>One timer thread walks a priority queue of due times and hands each due slot to a {@link Dispatch} (the
 * {@link CheckRunner}), which decides on the worker whether the check still starts on time. If the timer itself
 * falls more than one interval behind (the process was paused), the schedule jumps to the present: the overdue
 * slot it holds is dispatched (and recorded as overloaded by the runner, at its own scheduled time), the slots
 * after it up to the present are counted in {@code sitewatch_schedule_skipped_total} rather than replayed as a
 * burst, and the next slot is the first one due after the present.
 *
 * <p>{@link #schedule} of an unchanged target is a no-op; of a changed one replaces it (keeping its phase when
 * the interval is the same); {@link #cancel} stops it. All methods are thread-safe.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);
    /** The timer's resolution: how late a slot may be dispatched so that due slots are batched. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Receives each due slot: the target and the monotonic time it was due. */
    @FunctionalInterface
    public interface Dispatch {
        void dispatch(Target target, long scheduledNanos);
    }

    private static final class Slot {
        final Target target;
        final long intervalNanos;
        long due;
        boolean cancelled;

        Slot(Target target, long due) {
            this.target = target;
            this.intervalNanos = target.interval().toNanos();
            this.due = due;
        }
    }

    private final ProberClock clock;
    private final Dispatch dispatch;
    private final LongUnaryOperator firstOffset;
    private final ProberMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Slot> queue = new PriorityQueue<>(Comparator.comparingLong(s -> s.due));
    private final Map<String, Slot> byId = new HashMap<>();
    private volatile boolean running;
    private Thread timer;

    /**
     * @param firstOffset given an interval in nanoseconds, the offset of the first slot (random in production)
     */
    public CheckScheduler(ProberClock clock, Dispatch dispatch, LongUnaryOperator firstOffset, ProberMetrics metrics) {
        this.clock = clock;
        this.dispatch = dispatch;
        this.firstOffset = firstOffset;
        this.metrics = metrics;
    }

    public CheckScheduler(Dispatch dispatch, ProberMetrics metrics) {
        this(ProberClock.SYSTEM, dispatch, bound -> ThreadLocalRandom.current().nextLong(bound), metrics);
    }

    /** Starts the timer thread. */
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            timer = new Thread(this::loop, "sitewatch-scheduler");
            timer.setDaemon(true);
            timer.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds or replaces a target.
     *
     * @return true when something changed
     */
    public boolean schedule(Target target) {
        lock.lock();
        try {
            Slot old = byId.get(target.id());
            if (old != null && old.target.equals(target)) {
                return false;
            }
            long due;
            if (old != null && old.target.interval().equals(target.interval())) {
                due = old.due;
            } else {
                long interval = target.interval().toNanos();
                due = clock.nanoTime() + Math.floorMod(firstOffset.applyAsLong(interval), interval);
            }
            if (old != null) {
                old.cancelled = true;
            }
            Slot slot = new Slot(target, due);
            byId.put(target.id(), slot);
            queue.add(slot);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops a target; returns true when it was scheduled. */
    public boolean cancel(String id) {
        lock.lock();
        try {
            Slot slot = byId.remove(id);
            if (slot == null) {
                return false;
            }
            slot.cancelled = true;
            if (queue.size() > 2 * byId.size() + 1024) {
                queue.removeIf(s -> s.cancelled);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    public Set<String> ids() {
        lock.lock();
        try {
            return Set.copyOf(byId.keySet());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Dispatches every slot due at the clock's present, then returns the nanoseconds until the next one
     * ({@link Long#MAX_VALUE} when nothing is scheduled). The timer thread calls this; tests call it directly
     * with a manual clock.
     */
    public long runDue() {
        while (true) {
            Target target;
            long slotDue;
            lock.lock();
            try {
                Slot head = queue.peek();
                if (head == null) {
                    return Long.MAX_VALUE;
                }
                if (head.cancelled) {
                    queue.poll();
                    continue;
                }
                long now = clock.nanoTime();
                if (head.due - now > 0) {
                    return head.due - now;
                }
                queue.poll();
                target = head.target;
                slotDue = head.due;
                head.due += head.intervalNanos;
                long behind = now - head.due;
                if (behind >= 0) {
                    long missed = behind / head.intervalNanos + 1;
                    head.due += missed * head.intervalNanos;
                    metrics.skipped(missed);
                }
                queue.add(head);
            } finally {
                lock.unlock();
            }
            try {
                dispatch.dispatch(target, slotDue);
            } catch (RuntimeException e) {
                LOG.error("event=dispatch_failed site={} error={}", target.id(), e.toString());
            }
        }
    }

    private void loop() {
        while (running) {
            runDue();
            lock.lock();
            try {
                Slot head = queue.peek();
                long wait = head == null ? TimeUnit.SECONDS.toNanos(1) : head.due - clock.nanoTime();
                if (running && wait > 0) {
                    // Wake at most every TICK: with thousands of targets, slots due within a tick are dispatched
                    // together (each at most one tick late) instead of one thread wake-up per slot.
                    changed.awaitNanos(Math.min(Math.max(wait, TICK_NANOS), TimeUnit.SECONDS.toNanos(1)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Stops the timer thread; scheduled targets are forgotten. Checks already dispatched are not affected. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            running = false;
            byId.clear();
            queue.clear();
            changed.signalAll();
            t = timer;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
