package io.sitewatch.prober.schedule;

import java.time.Instant;

/**
 * Monotonic time for scheduling, and its translation to wall-clock instants for {@code Measurement.time}.
 * Tests drive a manual implementation.
 */
public interface ProberClock {
    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** The wall-clock instant of a {@link #nanoTime()} reading. */
    Instant instantAt(long nanoTime);

    /** The system clocks; instants are computed against the current wall clock, so NTP steps are followed. */
    ProberClock SYSTEM = new ProberClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instantAt(long nanoTime) {
            long ago = System.nanoTime() - nanoTime;
            return Instant.now().minusNanos(ago);
        }
    };
}
