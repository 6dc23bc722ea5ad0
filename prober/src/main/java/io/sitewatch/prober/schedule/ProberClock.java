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

    /**
     * The system clocks. Instants of readings exactly d apart are exactly d apart; steps of the wall clock (NTP)
     * are followed (see {@link SystemProberClock}).
     */
    ProberClock SYSTEM = new SystemProberClock(System::nanoTime, Instant::now);
}
