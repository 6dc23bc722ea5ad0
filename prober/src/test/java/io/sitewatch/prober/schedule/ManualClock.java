package io.sitewatch.prober.schedule;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves by hand; nanosecond 0 is {@link #EPOCH}. */
final class ManualClock implements ProberClock {
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private volatile long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant instantAt(long nanoTime) {
        return EPOCH.plusNanos(nanoTime);
    }

    void set(Duration sinceEpoch) {
        nanos = sinceEpoch.toNanos();
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }
}
