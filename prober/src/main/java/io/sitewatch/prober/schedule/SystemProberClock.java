package io.sitewatch.prober.schedule;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The system clocks ({@link ProberClock#SYSTEM}). An instant is the monotonic reading plus the wall clock's
 * offset from the monotonic clock. The offset is read again on every call, but taken only when it has moved by
 * more than {@link #STEP_NANOS} beyond the uncertainty of that reading (the wall clock was stepped, by NTP or by
 * hand): reading two clocks one after the other is off by however long the thread waited between the reads, a
 * few microseconds and, on a busy machine, milliseconds. With a fresh offset per call the scheduled starts of
 * one target, exactly the interval apart on the monotonic clock, were recorded up to 2 ms closer or further
 * apart, and a window of exactly n intervals then held one check more or less than it should (a site at 4 of
 * 5 checks up in its window was seen at 4 of 6, and alerted).
 */
final class SystemProberClock implements ProberClock {
    /** Smaller moves of the wall clock against the monotonic clock are not followed. */
    static final long STEP_NANOS = 1_000_000;
    /** The resolution of {@link Instant#now()} on the platforms we run on (microseconds), at worst. */
    private static final long WALL_RESOLUTION_NANOS = 1_000;
    private static final long UNSET = Long.MIN_VALUE;
    private static final int FIRST_READINGS = 16;

    private final LongSupplier monotonic;
    private final Supplier<Instant> wall;
    private volatile long offset = UNSET;

    SystemProberClock(LongSupplier monotonic, Supplier<Instant> wall) {
        this.monotonic = monotonic;
        this.wall = wall;
    }

    @Override
    public long nanoTime() {
        return monotonic.getAsLong();
    }

    @Override
    public Instant instantAt(long nanoTime) {
        long current = offset;
        if (current == UNSET) {
            // the first offset is the one a later reading is compared with: take the best of a few readings
            long[] best = readOffset();
            for (int i = 1; i < FIRST_READINGS; i++) {
                long[] r = readOffset();
                if (r[1] < best[1]) {
                    best = r;
                }
            }
            current = best[0];
            offset = current;
        } else {
            long[] r = readOffset();
            if (Math.abs(r[0] - current) > r[1] + STEP_NANOS) {
                current = r[0];
                offset = current;
            }
        }
        return Instant.ofEpochSecond(0, nanoTime + current);
    }

    /** The wall clock's offset from the monotonic clock, in ns, and how far off this reading may be. */
    private long[] readOffset() {
        long before = monotonic.getAsLong();
        Instant now = wall.get();
        long after = monotonic.getAsLong();
        long measured = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
        return new long[] {measured, (after - before) / 2 + WALL_RESOLUTION_NANOS};
    }
}
