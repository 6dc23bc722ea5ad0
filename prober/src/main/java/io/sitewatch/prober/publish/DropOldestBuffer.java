package io.sitewatch.prober.publish;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO that never blocks the writer: past its capacity the oldest element is dropped and counted.
 * Thread-safe.
 */
final class DropOldestBuffer<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();

    DropOldestBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends; returns the element dropped to make room, or null. */
    T add(T item) {
        lock.lock();
        try {
            T drop = null;
            if (items.size() >= capacity) {
                drop = items.pollFirst();
                dropped.incrementAndGet();
            }
            items.addLast(item);
            notEmpty.signal();
            return drop;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an element back at the head (it is older than everything queued, e.g. a failed send). When the buffer is
     * full it is the oldest, so it is the one dropped; returns false then.
     */
    boolean addFirst(T item) {
        lock.lock();
        try {
            if (items.size() >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
            items.addFirst(item);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes up to {@code max} elements, waiting up to {@code waitMillis} for the first. */
    List<T> take(int max, long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (items.isEmpty() && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            List<T> out = new ArrayList<>(Math.min(max, items.size()));
            while (out.size() < max && !items.isEmpty()) {
                out.add(items.pollFirst());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        return dropped.get();
    }

    int capacity() {
        return capacity;
    }
}
